import { randomUUID } from 'node:crypto';
import { nameBasedId } from '@casetrail/platform';
import type { RequestMetadata } from '../http/request-metadata';

/**
 * The id a client gave, or one minted at the edge. `kind` and `position` name what it is for
 * (`'goal', 2` is the third goal added; `'milestone', 2, 0` that goal's first milestone).
 */
export type IdMinter = (given: string | undefined, kind: string, ...position: number[]) => string;

/**
 * Ids the domain needs but a client may leave out. With an Idempotency-Key they derive from the
 * command's causation id, so a retried request decides exactly the same events; without one
 * every request is new and its ids are random.
 */
export const idsFor =
  (metadata: RequestMetadata): IdMinter =>
  (given, kind, ...position) =>
    given ??
    (metadata.idempotencyKey === null
      ? randomUUID()
      : nameBasedId(metadata.causationId, kind, ...position.map(String)));
