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

export type StreamFamily = 'case' | 'access';

/** `access-<instanceId>`: the access stream of one process (instance ids are random per start). */
export const accessStreamId = (instanceId: string): string => `${ACCESS_STREAM_PREFIX}${instanceId}`;

export const isAccessStream = (streamId: string): boolean => streamId.startsWith(ACCESS_STREAM_PREFIX);

export const programFormsStreamId = (programId: string): string =>
  `${PROGRAM_FORMS_STREAM_PREFIX}${programId}`;

export const isProgramFormsStream = (streamId: string): boolean =>
  streamId.startsWith(PROGRAM_FORMS_STREAM_PREFIX);

/** Anything not in another family is a case stream (case ids, uuids, never start with either prefix). */
export const isCaseStream = (streamId: string): boolean =>
  !isAccessStream(streamId) && !isProgramFormsStream(streamId);

export const streamFamilyOf = (streamId: string): StreamFamily =>
  isAccessStream(streamId) ? 'access' : 'case';
