import type { EventSensitivity } from '../shared/sensitivity';
import type { VocabularyCode, VocabularyKind } from './vocabulary-kinds';

/** A new version of one of the agency's vocabularies is in force from now on. */
export type VocabularyVersionPublished = {
  readonly type: 'VocabularyVersionPublished';
  /** When it was published (the request's arrival), ISO-8601 instant. */
  readonly occurredAt: string;
  readonly data: {
    /** Which vocabulary. */
    readonly kind: VocabularyKind;
    /** The previous version + 1 (the built-in defaults are version 0). */
    readonly version: number;
    /** Every code of this version, retired ones included: a code once published stays. */
    readonly codes: readonly VocabularyCode[];
  };
  /** No one's personal data. */
  readonly pii: Readonly<Record<string, never>>;
};

export type VocabularyEvent = VocabularyVersionPublished;
export type VocabularyEventType = VocabularyEvent['type'];

export const VOCABULARY_EVENT_TYPES: readonly VocabularyEventType[] = ['VocabularyVersionPublished'];

export const VOCABULARY_EVENT_SCHEMA_VERSION: Readonly<Record<VocabularyEventType, number>> = {
  VocabularyVersionPublished: 1,
};

/** The agency's own words, no one's personal data. */
export const VOCABULARY_VERSION_PUBLISHED_SENSITIVITY: EventSensitivity = {
  data: {
    kind: 'case_record',
    version: 'case_record',
    'codes[].code': 'case_record',
    'codes[].label': 'case_record',
    'codes[].category': 'case_record',
    'codes[].retired': 'case_record',
  },
  pii: {},
};
