import { DomainError } from '../shared/errors';
import type { CommandMetadata } from '../shared/metadata';
import type { Decider } from '../shared/decider';
import {
  BUILT_IN_VOCABULARIES,
  CATEGORIZED_KINDS,
  CODE_CATEGORIES,
  VOCABULARY_CODE,
  type CodeCategory,
  type VocabularyCode,
  type VocabularyKind,
  type VocabularyVersion,
} from './vocabulary-kinds';
import type { VocabularyEvent, VocabularyVersionPublished } from './vocabulary-version-published.event';

export const VOCABULARY_ERROR_CODES = [
  'VOCABULARY_VERSION_NOT_NEXT',
  'VOCABULARY_KIND_MISMATCH',
  'VOCABULARY_EMPTY',
  'INVALID_VOCABULARY_CODE',
  'VOCABULARY_LABEL_REQUIRED',
  'DUPLICATE_VOCABULARY_CODE',
  'VOCABULARY_CODE_REMOVED',
  'VOCABULARY_CATEGORY_REQUIRED',
  'VOCABULARY_CATEGORY_NOT_ALLOWED',
  'VOCABULARY_CATEGORY_CHANGED',
] as const;
export type VocabularyErrorCode = (typeof VOCABULARY_ERROR_CODES)[number];

const vocabularyError = (
  code: VocabularyErrorCode,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): DomainError => new DomainError(code, message, details);

export interface PublishVocabularyVersion {
  readonly type: 'PublishVocabularyVersion';
  readonly kind: VocabularyKind;
  readonly data: {
    /** The version the administrator edited: the new one is this + 1. */
    readonly expectedVersion: number;
    readonly codes: readonly VocabularyCode[];
  };
  readonly metadata: CommandMetadata;
}

export type VocabularyCommand = PublishVocabularyVersion;

/** A stream's state: the version in force (version 0, the defaults, before any event). */
export type VocabularyState = VocabularyVersion | null;

const isCategory = (value: unknown): value is CodeCategory =>
  typeof value === 'string' && (CODE_CATEGORIES as readonly string[]).includes(value);

const requireCodes = (kind: VocabularyKind, codes: readonly VocabularyCode[]): VocabularyCode[] => {
  if (codes.length === 0)
    throw vocabularyError('VOCABULARY_EMPTY', 'codes must list at least one code', { field: 'codes' });
  const categorized = CATEGORIZED_KINDS.includes(kind);
  const seen = new Set<string>();
  return codes.map((given, index) => {
    const field = `codes[${index}]`;
    if (typeof given.code !== 'string' || !VOCABULARY_CODE.test(given.code))
      throw vocabularyError('INVALID_VOCABULARY_CODE', `${field}.code must match ${VOCABULARY_CODE.source}`, {
        field: `${field}.code`,
        pattern: VOCABULARY_CODE.source,
      });
    if (seen.has(given.code))
      throw vocabularyError('DUPLICATE_VOCABULARY_CODE', `${field}.code lists ${given.code} twice`, {
        field: `${field}.code`,
        code: given.code,
      });
    seen.add(given.code);
    if (typeof given.label !== 'string' || given.label.trim() === '')
      throw vocabularyError('VOCABULARY_LABEL_REQUIRED', `${field}.label is required`, {
        field: `${field}.label`,
      });
    if (categorized && !isCategory(given.category))
      throw vocabularyError(
        'VOCABULARY_CATEGORY_REQUIRED',
        `${field}.category must be one of ${CODE_CATEGORIES.join(', ')}`,
        { field: `${field}.category`, allowed: CODE_CATEGORIES },
      );
    if (!categorized && given.category !== undefined)
      throw vocabularyError(
        'VOCABULARY_CATEGORY_NOT_ALLOWED',
        `${field}.category: a ${kind} carries no category`,
        {
          field: `${field}.category`,
        },
      );
    return {
      code: given.code,
      label: given.label.trim(),
      ...(categorized ? { category: given.category } : {}),
      ...(given.retired === true ? { retired: true } : {}),
    };
  });
};

export const stateOrDefaults = (kind: VocabularyKind, state: VocabularyState): VocabularyVersion =>
  state ?? BUILT_IN_VOCABULARIES[kind];

export const publishVocabularyVersion = (
  command: PublishVocabularyVersion,
  state: VocabularyState,
): readonly VocabularyVersionPublished[] => {
  const { kind, data, metadata } = command;
  const current = stateOrDefaults(kind, state);
  if (current.kind !== kind)
    throw vocabularyError('VOCABULARY_KIND_MISMATCH', `This stream holds the ${current.kind} vocabulary`, {
      kind,
    });
  if (data.expectedVersion !== current.version)
    throw vocabularyError(
      'VOCABULARY_VERSION_NOT_NEXT',
      `expectedVersion ${data.expectedVersion} is not the version in force (${current.version})`,
      { field: 'expectedVersion', expectedVersion: data.expectedVersion, version: current.version },
    );
  const codes = requireCodes(kind, data.codes);
  const byCode = new Map(codes.map((code) => [code.code, code]));
  for (const before of current.codes) {
    const after = byCode.get(before.code);
    // History names it: it may be retired, never removed.
    if (after === undefined)
      throw vocabularyError('VOCABULARY_CODE_REMOVED', `${before.code} cannot be removed, only retired`, {
        field: 'codes',
        code: before.code,
      });
    // Masking and consent decided on it when the events were recorded; a change would re-share them.
    if (after.category !== before.category)
      throw vocabularyError(
        'VOCABULARY_CATEGORY_CHANGED',
        `${before.code}'s category is ${before.category ?? 'none'} and cannot change`,
        { field: `codes[${codes.indexOf(after)}].category`, code: before.code, category: before.category },
      );
  }
  return [
    {
      type: 'VocabularyVersionPublished',
      occurredAt: metadata.recordedAt,
      data: { kind, version: current.version + 1, codes },
      pii: {},
    },
  ];
};

export const evolveVocabulary = (_state: VocabularyState, event: VocabularyEvent): VocabularyState => {
  switch (event.type) {
    case 'VocabularyVersionPublished':
      return { kind: event.data.kind, version: event.data.version, codes: event.data.codes };
    default: {
      const unhandled: never = event.type;
      throw new Error(`Unhandled vocabulary event ${String(unhandled)}`);
    }
  }
};

export const vocabularyDecider: Decider<VocabularyCommand, VocabularyEvent, VocabularyState> = {
  initialState: null,
  decide: (command, state) => {
    switch (command.type) {
      case 'PublishVocabularyVersion':
        return publishVocabularyVersion(command, state);
      default: {
        const unhandled: never = command.type;
        throw new Error(`Unhandled vocabulary command ${String(unhandled)}`);
      }
    }
  },
  evolve: evolveVocabulary,
};
