/**
 * Stream families. A case's stream id is the case id (a uuid); the access log lives in
 * streams of its own, each written by one process only, so that recording a read never bumps a
 * case's version. Every reader of the global log that expects case events filters on these.
 */
export const ACCESS_STREAM_PREFIX = 'access-';

/**
 * `agency-vocabulary-<kind>`: the versions of one of the agency's vocabularies (`vocabularies/`).
 * Configuration, not a case's facts: kept in the store and read by the API, never published.
 */
export const VOCABULARY_STREAM_PREFIX = 'agency-vocabulary-';

export type StreamFamily = 'case' | 'access' | 'vocabulary';

/** `access-<instanceId>`: the access stream of one process (instance ids are random per start). */
export const accessStreamId = (instanceId: string): string => `${ACCESS_STREAM_PREFIX}${instanceId}`;

export const isAccessStream = (streamId: string): boolean => streamId.startsWith(ACCESS_STREAM_PREFIX);

export const isVocabularyStream = (streamId: string): boolean =>
  streamId.startsWith(VOCABULARY_STREAM_PREFIX);

/** Anything not in another family is a case stream (case ids are uuids: no other family's prefix). */
export const isCaseStream = (streamId: string): boolean =>
  !isAccessStream(streamId) && !isVocabularyStream(streamId);

export const streamFamilyOf = (streamId: string): StreamFamily =>
  isAccessStream(streamId) ? 'access' : isVocabularyStream(streamId) ? 'vocabulary' : 'case';

/** Whether the publisher puts the stream's events on a topic: the case and access families only. */
export const isPublishedStream = (streamId: string): boolean => !isVocabularyStream(streamId);
