import { isCalendarDate } from '../../shared/time';
import { formError, type FormAttachment, type FormDefinition, type FormField } from '../form-definition';

/** An answer to a field of one value: text, a calendar date or a choice as a string, a number, a boolean. */
export type FormSingleAnswer = string | number | boolean;
/** An answer as it is kept: the JSON shape of its field's type (a multiple choice: its values). */
export type FormAnswerValue = FormSingleAnswer | readonly string[];

/** Answers split as the event keeps them: one value per field, or a multiple choice's values. */
export interface SplitAnswers {
  readonly answers: Readonly<Record<string, FormSingleAnswer>>;
  readonly selections: Readonly<Record<string, readonly string[]>>;
}

// Kept apart so a consumer's schema types each map's values one way, and categories follow paths.
export const splitAnswers = (all: Readonly<Record<string, FormAnswerValue>>): SplitAnswers => {
  const answers: Record<string, FormSingleAnswer> = {};
  const selections: Record<string, readonly string[]> = {};
  for (const [fieldId, value] of Object.entries(all)) {
    if (Array.isArray(value)) selections[fieldId] = value as readonly string[];
    else answers[fieldId] = value as FormSingleAnswer;
  }
  return { answers, selections };
};

/** What a command carries for the form of its attachment point, as the caller sent it. */
export interface FormSubmission {
  readonly formId: string;
  /** The version the caller filled in; absent: the one in force. Another one is refused. */
  readonly version?: number;
  /** Answers by field id; a field left out (or null) is unanswered. */
  readonly answers: Readonly<Record<string, unknown>>;
}

/** Where the answers were given: the attachment point, and the entry it created if it has one. */
export interface FormAttachedTo {
  readonly type: FormAttachment;
  /** The contact's id for a contact; null where the command creates no entry of its own. */
  readonly entryId: string | null;
}

/** The answers of one submission, validated, split by where they are kept. */
export interface ValidatedAnswers {
  readonly definition: FormDefinition;
  /** Answers of non-personal fields: in the event's `data`, counted in reports. */
  readonly answers: Readonly<Record<string, FormAnswerValue>>;
  /** Answers of personal fields: in the event's `pii`. */
  readonly personal: Readonly<Record<string, FormAnswerValue>>;
}

const at = (fieldId: string): string => `form.answers.${fieldId}`;

const unanswered = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

const wrongType = (field: FormField, expected: string): never => {
  throw formError('FORM_ANSWER_INVALID_TYPE', `${at(field.fieldId)} must be ${expected}`, {
    field: at(field.fieldId),
    type: field.type,
  });
};

const notAllowed = (field: FormField, value: string): never => {
  const allowed = field.allowedValues ?? [];
  throw formError('FORM_ANSWER_NOT_ALLOWED', `${at(field.fieldId)} must be one of ${allowed.join(', ')}`, {
    field: at(field.fieldId),
    allowed,
    // The value is echoed only for non-personal fields: a personal one can be client data.
    ...(field.personal ? {} : { value }),
  });
};

const answerOf = (field: FormField, value: unknown): FormAnswerValue => {
  switch (field.type) {
    case 'text':
      return typeof value === 'string' ? value.trim() : wrongType(field, 'text');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : wrongType(field, 'a number');
    case 'date':
      return typeof value === 'string' && isCalendarDate(value)
        ? value
        : wrongType(field, 'a date (YYYY-MM-DD)');
    case 'boolean':
      return typeof value === 'boolean' ? value : wrongType(field, 'true or false');
    case 'choice': {
      if (typeof value !== 'string') return wrongType(field, 'one of the allowed values');
      return (field.allowedValues ?? []).includes(value) ? value : notAllowed(field, value);
    }
    case 'multi_choice': {
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
        return wrongType(field, 'a list of the allowed values');
      const items = value as readonly string[];
      for (const item of items) if (!(field.allowedValues ?? []).includes(item)) notAllowed(field, item);
      // A value ticked twice is ticked once: answers count per value in reports.
      return [...new Set(items)];
    }
    default: {
      const unexpected: never = field.type;
      throw new RangeError(`Unknown field type ${String(unexpected)}`);
    }
  }
};

/** The submission checked against the definition, field by field, in the form's order. */
export const validateAnswers = (definition: FormDefinition, submission: FormSubmission): ValidatedAnswers => {
  const byId = new Map(definition.fields.map((field) => [field.fieldId, field]));
  for (const fieldId of Object.keys(submission.answers))
    if (!byId.has(fieldId))
      throw formError(
        'FORM_ANSWER_UNKNOWN_FIELD',
        `${at(fieldId)} is not a field of ${definition.formId} version ${definition.version}`,
        { field: at(fieldId), formId: definition.formId, version: definition.version },
      );
  const answers: Record<string, FormAnswerValue> = {};
  const personal: Record<string, FormAnswerValue> = {};
  for (const field of definition.fields) {
    const value = submission.answers[field.fieldId];
    if (unanswered(value)) {
      if (field.required)
        throw formError('FORM_ANSWER_REQUIRED', `${at(field.fieldId)} is required`, {
          field: at(field.fieldId),
        });
      continue;
    }
    (field.personal ? personal : answers)[field.fieldId] = answerOf(field, value);
  }
  return { definition, answers, personal };
};

/**
 * The answers a command records at its attachment point, against the program's forms in force
 * (from the metadata): none without a submission unless a form there is required; the
 * submission's form must be one of the program's, attached there, at the version in force.
 */
export const answersAt = (
  attachedTo: FormAttachedTo,
  submission: FormSubmission | undefined,
  formsInForce: readonly FormDefinition[],
): ValidatedAnswers | null => {
  // One form is filled in per command: a second required one at the same point is still missing.
  const required = formsInForce.find(
    (form) => form.required && form.attachTo === attachedTo.type && form.formId !== submission?.formId,
  );
  if (required !== undefined)
    throw formError('FORM_REQUIRED', `form: the program requires ${required.formId} at ${attachedTo.type}`, {
      field: 'form',
      formId: required.formId,
    });
  if (submission === undefined) return null;
  const definition = formsInForce.find((form) => form.formId === submission.formId);
  if (definition === undefined)
    throw formError('UNKNOWN_FORM', `form.formId: the program has no form ${submission.formId}`, {
      field: 'form.formId',
    });
  if (definition.attachTo !== attachedTo.type)
    throw formError(
      'FORM_NOT_FOR_ATTACHMENT',
      `form.formId: ${definition.formId} is filled in at ${definition.attachTo}, not ${attachedTo.type}`,
      { field: 'form.formId', attachTo: definition.attachTo },
    );
  if (submission.version !== undefined && submission.version !== definition.version)
    throw formError(
      'FORM_VERSION_NOT_IN_FORCE',
      `form.version: version ${definition.version} of ${definition.formId} is in force`,
      { field: 'form.version', inForce: definition.version },
    );
  return validateAnswers(definition, submission);
};
