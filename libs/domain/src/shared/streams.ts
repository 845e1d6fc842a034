/**
 * Stream families. A case's stream id is the case id (a uuid); the access log lives in
 * streams of its own, each written by one process only, so that recording a read never bumps a
 * case's version. Every reader of the global log that expects case events filters on these.
 */
export const ACCESS_STREAM_PREFIX = 'access-';
/**
 * `program-forms-<programId>`: every version of every form of one program (`forms/`), so that the
 * forms in force for a case's program are one stream's read. Not a case stream: readers that
 * expect case events leave it out, and the publisher leaves its events off the transport (they have
 * no published contract yet; the answers' `FormAnswered` names the version). No route appends to
 * it yet: the publishing route is to come.
 */
export const PROGRAM_FORMS_STREAM_PREFIX = 'program-forms-';

/**
 * `agency-vocabulary-<kind>`: the versions of one of the agency's vocabularies (`vocabularies/`).
 * Configuration, not a case's facts: kept in the store and read by the API, never published.
 */
export const VOCABULARY_STREAM_PREFIX = 'agency-vocabulary-';

export type StreamFamily = 'case' | 'access' | 'vocabulary' | 'program_forms';

/** `access-<instanceId>`: the access stream of one process (instance ids are random per start). */
export const accessStreamId = (instanceId: string): string => `${ACCESS_STREAM_PREFIX}${instanceId}`;

export const isAccessStream = (streamId: string): boolean => streamId.startsWith(ACCESS_STREAM_PREFIX);

export const isVocabularyStream = (streamId: string): boolean =>
  streamId.startsWith(VOCABULARY_STREAM_PREFIX);

export const programFormsStreamId = (programId: string): string =>
  `${PROGRAM_FORMS_STREAM_PREFIX}${programId}`;

export const isProgramFormsStream = (streamId: string): boolean =>
  streamId.startsWith(PROGRAM_FORMS_STREAM_PREFIX);

/** Anything not in another family is a case stream (case ids are uuids: no other family's prefix). */
export const isCaseStream = (streamId: string): boolean =>
  !isAccessStream(streamId) && !isVocabularyStream(streamId) && !isProgramFormsStream(streamId);

export const streamFamilyOf = (streamId: string): StreamFamily =>
  isAccessStream(streamId)
    ? 'access'
    : isVocabularyStream(streamId)
      ? 'vocabulary'
      : isProgramFormsStream(streamId)
        ? 'program_forms'
        : 'case';

/**
 * Whether the publisher puts the stream's events on a topic: the case and access families only.
 * Vocabularies and programs' forms are configuration with no published contract yet; the events
 * that use them carry what they decided (a code, a form version and its answers).
 */
export const isPublishedStream = (streamId: string): boolean =>
  !isVocabularyStream(streamId) && !isProgramFormsStream(streamId);
