import { IsInt, IsObject, Matches, Min } from 'class-validator';
import { FORM_ID_PATTERN, type FormSubmission } from '@casetrail/domain';
import { Optional } from '../http/fields';

/**
 * The answers to the program's form at this command's attachment point (engagement, assessment,
 * contact or closing). Only the shape is checked here: each answer is validated by the domain
 * against the form's version in force, naming `form.answers.<fieldId>` and the rule it breaks.
 */
export class FormSubmissionDto {
  /** The program's form filled in. */
  @Matches(FORM_ID_PATTERN) formId!: string;
  /** The version filled in; absent: the one in force. Another than the one in force is refused. */
  @Optional() @IsInt() @Min(1) version?: number;
  /** Answers by field id: text, a number, a date (YYYY-MM-DD), true or false, a value or a list of values. */
  @IsObject() answers!: Record<string, unknown>;
}

/** The command's `form`, when the body has one. */
export const formOf = (form: FormSubmissionDto | undefined): { form?: FormSubmission } =>
  form === undefined
    ? {}
    : {
        form: {
          formId: form.formId,
          ...(form.version === undefined ? {} : { version: form.version }),
          answers: form.answers,
        },
      };
