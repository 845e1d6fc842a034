import type { FormDefinition } from '../form-definition';

/**
 * A new version of a program's form is in force from now on. The whole definition is in the
 * event, so the version an answer names can be read back without any configuration of the day.
 * Labels and titles are the agency's words, not client data: there is no `pii`.
 */
export type FormVersionPublished = {
  readonly type: 'FormVersionPublished';
  /** When the version came into force (the request's arrival), ISO-8601 instant. */
  readonly occurredAt: string;
  readonly data: FormDefinition;
};

export type FormEvent = FormVersionPublished;
export type FormEventType = FormEvent['type'];

export const FORM_EVENT_TYPES: readonly FormEventType[] = ['FormVersionPublished'];

export const FORM_EVENT_SCHEMA_VERSION: Readonly<Record<FormEventType, number>> = {
  FormVersionPublished: 1,
};
