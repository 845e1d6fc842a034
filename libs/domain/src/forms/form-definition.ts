import { DomainError } from '../shared/errors';

/**
 * A program's own documentation template: a form the agency defines, attached to one point of a
 * case's life, whose answers are kept in the case's events. Definitions are versioned as events
 * on a stream per program and form (`shared/streams.ts`), so an answer always names the version
 * it was validated against, and reports can group answers across versions.
 */

/** Where in a case a form is filled in: the command that carries its answers. */
export const FORM_ATTACHMENTS = ['engagement', 'assessment', 'contact', 'closing'] as const;
export type FormAttachment = (typeof FORM_ATTACHMENTS)[number];

/** The kinds of answer a field takes. */
export const FORM_FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'choice', 'multi_choice'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/** The types whose answers must be among the field's allowed values. */
export const CHOICE_FIELD_TYPES: readonly FormFieldType[] = ['choice', 'multi_choice'];

/**
 * Stable ids: they name the field in reports (`form:<formId>.<fieldId>`) and in error details
 * (`form.answers.<fieldId>`), so they are plain lower-case words, never the label.
 */
export const FORM_ID_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
export const FIELD_ID_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
/** A choice's allowed value is a code, like the shared vocabularies' (`doubled_up`), not a sentence: the label says it in words. */
export const ALLOWED_VALUE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export interface FormField {
  /** Stable id of the field within its form (lower-case letters, digits and `_`, up to 40). */
  readonly fieldId: string;
  /** The question as the agency words it. */
  readonly label: string;
  /** The kind of answer: text, number, date (YYYY-MM-DD), boolean, choice or multi_choice. */
  readonly type: FormFieldType;
  /** Whether the form cannot be submitted without an answer to it. */
  readonly required: boolean;
  /** For choice and multi_choice: the values an answer may take; null for other types. */
  readonly allowedValues: readonly string[] | null;
  /** Whether the answer is about the client (kept in the event's `pii`, never in reports); always for text. */
  readonly personal: boolean;
}

/** One published version of a form: what answers are validated against while it is in force. */
export interface FormDefinition {
  /** The program whose cases fill the form in. */
  readonly programId: string;
  /** Stable id of the form within its program. */
  readonly formId: string;
  /** 1 for the first version, then one more than the previous. */
  readonly version: number;
  /** The command that carries the form's answers. */
  readonly attachTo: FormAttachment;
  /** The form's title as the agency words it. */
  readonly title: string;
  /** Whether the command at `attachTo` fails without this form's answers. */
  readonly required: boolean;
  /** The fields, in the order the form shows them. */
  readonly fields: readonly FormField[];
}

/** Every rule publishing or answering a form can break; stable, as the API returns them. */
export const FORM_ERROR_CODES = [
  // Publishing a version
  'PROGRAM_ID_REQUIRED',
  'INVALID_FORM_ID',
  'FORM_VERSION_OUT_OF_SEQUENCE',
  'FORM_TITLE_REQUIRED',
  'INVALID_FORM_ATTACHMENT',
  'FORM_ATTACHMENT_CHANGED',
  'FORM_WITHOUT_FIELDS',
  'INVALID_FIELD_ID',
  'DUPLICATE_FIELD_ID',
  'FIELD_LABEL_REQUIRED',
  'INVALID_FIELD_TYPE',
  'ALLOWED_VALUES_REQUIRED',
  'ALLOWED_VALUES_NOT_APPLICABLE',
  'FIELD_TYPE_CHANGED',
  'FIELD_PERSONAL_CHANGED',
  'TEXT_FIELD_NOT_PERSONAL',
  // Answering a form
  'UNKNOWN_FORM',
  'FORM_NOT_FOR_ATTACHMENT',
  'FORM_VERSION_NOT_IN_FORCE',
  'FORM_REQUIRED',
  'FORM_ANSWER_UNKNOWN_FIELD',
  'FORM_ANSWER_REQUIRED',
  'FORM_ANSWER_INVALID_TYPE',
  'FORM_ANSWER_NOT_ALLOWED',
] as const;
export type FormErrorCode = (typeof FORM_ERROR_CODES)[number];

/** Typed so that a code cannot be thrown without being listed above. */
export const formError = (
  code: FormErrorCode,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): DomainError => new DomainError(code, message, details);
