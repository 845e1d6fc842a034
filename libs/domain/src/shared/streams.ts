/**
 * Stream families. A case's stream id is the case id (a uuid); the access log lives in
 * streams of its own, each written by one process only, so that recording a read never bumps a
 * case's version. Every reader of the global log that expects case events filters on these.
 */
export const ACCESS_STREAM_PREFIX = 'access-';

export type StreamFamily = 'case' | 'access';

/** `access-<instanceId>`: the access stream of one process (instance ids are random per start). */
export const accessStreamId = (instanceId: string): string => `${ACCESS_STREAM_PREFIX}${instanceId}`;

export const isAccessStream = (streamId: string): boolean => streamId.startsWith(ACCESS_STREAM_PREFIX);

/** Anything not in another family is a case stream (case ids never start with `access-`). */
export const isCaseStream = (streamId: string): boolean => !isAccessStream(streamId);

export const streamFamilyOf = (streamId: string): StreamFamily =>
  isAccessStream(streamId) ? 'access' : 'case';
