import { IsBoolean, IsInt, IsNumber, Max, Min } from 'class-validator';
import { formError, type FormSubmission } from '@casetrail/domain';
import { Id, IdList, NestedList, Optional, Text } from '../http/fields';

/**
 * One answer: its field, and its value in the one property of its kind. A list of closed objects
 * rather than a map by field id, so that the body stays a document of known fields throughout.
 */
export class FormAnswerDto {
  /** The form's field answered. */
  @Id() fieldId!: string;
  /** A text, a date (YYYY-MM-DD) or a choice's value. */
  @Optional() @Text(2_000) text?: string;
  /** A number: a count, an amount, a score (bounded like every number the API takes). */
  @Optional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-1e12) @Max(1e12) number?: number;
  @Optional() @IsBoolean() boolean?: boolean;
  /** A multiple choice's values (codes, like every allowed value: `no_id`, `eviction-record`). */
  @Optional() @IdList(50) values?: string[];
}

/**
 * The answers to the program's form at this command's attachment point (engagement, assessment,
 * contact or closing). Only the shape is checked here: each answer is validated by the domain
 * against the form's version in force, naming `form.answers.<fieldId>` and the rule it breaks.
 */
export class FormSubmissionDto {
  /** The program's form filled in (one it does not have is refused by the domain: UNKNOWN_FORM). */
  @Id() formId!: string;
  /** The version filled in; absent: the one in force. Another than the one in force is refused. */
  @Optional() @IsInt() @Min(1) @Max(100_000) version?: number;
  @NestedList(() => FormAnswerDto, 200) answers!: FormAnswerDto[];
}

const KINDS = ['text', 'number', 'boolean', 'values'] as const;

/** The command's `form`, when the body has one: answers by field id, each with its one value. */
export const formOf = (form: FormSubmissionDto | undefined): { form?: FormSubmission } => {
  if (form === undefined) return {};
  const answers: Record<string, unknown> = {};
  for (const answer of form.answers) {
    const field = `form.answers.${answer.fieldId}`;
    if (Object.hasOwn(answers, answer.fieldId))
      throw formError('DUPLICATE_FIELD_ID', `form.answers lists ${answer.fieldId} twice`, { field });
    const given = KINDS.filter((kind) => answer[kind] !== undefined);
    if (given.length !== 1)
      throw formError('FORM_ANSWER_INVALID_TYPE', `${field} gives exactly one of ${KINDS.join(', ')}`, {
        field,
      });
    answers[answer.fieldId] = answer[given[0]!];
  }
  return {
    form: {
      formId: form.formId,
      ...(form.version === undefined ? {} : { version: form.version }),
      answers,
    },
  };
};
