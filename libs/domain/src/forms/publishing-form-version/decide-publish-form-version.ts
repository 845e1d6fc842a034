import {
  ALLOWED_VALUE_PATTERN,
  CHOICE_FIELD_TYPES,
  FIELD_ID_PATTERN,
  FORM_ATTACHMENTS,
  FORM_FIELD_TYPES,
  FORM_ID_PATTERN,
  formError,
  type FormAttachment,
  type FormField,
  type FormFieldType,
} from '../form-definition';
import type { FormState } from '../form-decider';
import type { FormVersionPublished } from './form-version-published.event';
import type { FormFieldInput, PublishFormVersion } from './publish-form-version.command';

const isOneOf = <T extends string>(allowed: readonly T[], value: string): value is T =>
  (allowed as readonly string[]).includes(value);

const blank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';

const fieldOf = (input: FormFieldInput, index: number, state: FormState): FormField => {
  const at = `fields[${index}]`;
  if (typeof input.fieldId !== 'string' || !FIELD_ID_PATTERN.test(input.fieldId))
    throw formError('INVALID_FIELD_ID', `${at}.fieldId must match ${FIELD_ID_PATTERN.source}`, {
      field: `${at}.fieldId`,
      pattern: FIELD_ID_PATTERN.source,
    });
  if (blank(input.label))
    throw formError('FIELD_LABEL_REQUIRED', `${at}.label is required`, { field: `${at}.label` });
  if (!isOneOf(FORM_FIELD_TYPES, input.type))
    throw formError('INVALID_FIELD_TYPE', `${at}.type must be one of ${FORM_FIELD_TYPES.join(', ')}`, {
      field: `${at}.type`,
      allowed: FORM_FIELD_TYPES,
    });
  const type: FormFieldType = input.type;
  const allowedValues = allowedValuesOf(input, type, at);
  // A text answer is free text about the client whatever it asks: it is kept in pii only.
  if (type === 'text' && input.personal === false)
    throw formError('TEXT_FIELD_NOT_PERSONAL', `${at}.personal: a text field's answers are always personal`, {
      field: `${at}.personal`,
    });
  const personal = type === 'text' || input.personal === true;
  const before = state.fieldsEverPublished[input.fieldId];
  // Reports group one field's answers across versions: a new meaning needs a new id.
  if (before !== undefined && before.type !== type)
    throw formError(
      'FIELD_TYPE_CHANGED',
      `${at}.type: ${input.fieldId} was published as ${before.type}; retire it and add a new field instead`,
      { field: `${at}.type`, fieldId: input.fieldId, was: before.type },
    );
  // Answers of a personal field live in pii only: counting them later would mix them with ones that never did.
  if (before !== undefined && before.personal !== personal)
    throw formError(
      'FIELD_PERSONAL_CHANGED',
      `${at}.personal: ${input.fieldId} was published with personal ${before.personal}; retire it and add a new field instead`,
      { field: `${at}.personal`, fieldId: input.fieldId, was: before.personal },
    );
  return {
    fieldId: input.fieldId,
    label: input.label.trim(),
    type,
    required: input.required === true,
    allowedValues,
    personal,
  };
};

const allowedValuesOf = (
  input: FormFieldInput,
  type: FormFieldType,
  at: string,
): readonly string[] | null => {
  const values = input.allowedValues ?? null;
  if (!CHOICE_FIELD_TYPES.includes(type)) {
    if (values !== null)
      throw formError('ALLOWED_VALUES_NOT_APPLICABLE', `${at}.allowedValues apply to choice fields only`, {
        field: `${at}.allowedValues`,
      });
    return null;
  }
  if (
    values === null ||
    values.length === 0 ||
    values.some((value) => !ALLOWED_VALUE_PATTERN.test(value)) ||
    new Set(values).size !== values.length
  )
    throw formError(
      'ALLOWED_VALUES_REQUIRED',
      `${at}.allowedValues must list at least one distinct code (${ALLOWED_VALUE_PATTERN.source}) for a ${type} field`,
      { field: `${at}.allowedValues` },
    );
  return [...values];
};

export const decidePublishFormVersion = (
  { data, metadata }: PublishFormVersion,
  state: FormState,
): readonly FormVersionPublished[] => {
  if (blank(data.programId))
    throw formError('PROGRAM_ID_REQUIRED', 'programId is required', { field: 'programId' });
  if (typeof data.formId !== 'string' || !FORM_ID_PATTERN.test(data.formId))
    throw formError('INVALID_FORM_ID', `formId must match ${FORM_ID_PATTERN.source}`, {
      field: 'formId',
      pattern: FORM_ID_PATTERN.source,
    });
  const expected = (state.current?.version ?? 0) + 1;
  if (data.version !== expected)
    throw formError('FORM_VERSION_OUT_OF_SEQUENCE', `version must be ${expected}, the one after the latest`, {
      field: 'version',
      expected,
    });
  if (blank(data.title)) throw formError('FORM_TITLE_REQUIRED', 'title is required', { field: 'title' });
  if (!isOneOf(FORM_ATTACHMENTS, data.attachTo))
    throw formError('INVALID_FORM_ATTACHMENT', `attachTo must be one of ${FORM_ATTACHMENTS.join(', ')}`, {
      field: 'attachTo',
      allowed: FORM_ATTACHMENTS,
    });
  const attachTo: FormAttachment = data.attachTo;
  // Answers record where they were given; a form that moved would leave earlier ones elsewhere.
  if (state.current !== null && state.current.attachTo !== attachTo)
    throw formError(
      'FORM_ATTACHMENT_CHANGED',
      `attachTo: the form is attached to ${state.current.attachTo}; publish a new form instead`,
      { field: 'attachTo', was: state.current.attachTo },
    );
  if (data.fields.length === 0)
    throw formError('FORM_WITHOUT_FIELDS', 'fields must list at least one field', { field: 'fields' });
  const fields = data.fields.map((input, index) => fieldOf(input, index, state));
  const seen = new Set<string>();
  fields.forEach(({ fieldId }, index) => {
    if (seen.has(fieldId))
      throw formError('DUPLICATE_FIELD_ID', `fields lists ${fieldId} twice`, {
        field: `fields[${index}].fieldId`,
        fieldId,
      });
    seen.add(fieldId);
  });
  return [
    {
      type: 'FormVersionPublished',
      occurredAt: metadata.recordedAt,
      data: {
        programId: data.programId,
        formId: data.formId,
        version: expected,
        attachTo,
        title: data.title.trim(),
        required: data.required === true,
        fields,
      },
    },
  ];
};
