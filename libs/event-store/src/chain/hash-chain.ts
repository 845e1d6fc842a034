import { createHash } from 'node:crypto';
import type { StoredEvent } from '../event-store.port';

/**
 * Canonical JSON: keys sorted at every depth, no whitespace, `undefined` fields dropped (as
 * JSON.stringify drops them, and as both adapters store them), arrays in order. Two encodings of
 * the same stored event hash alike whichever adapter or driver produced the object.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') {
    // JSON.stringify's own answer for scalars (and undefined inside arrays becomes null, below).
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const fields = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${fields.join(',')}}`;
};

export const HASH_PREFIX = 'sha256:';

export const sha256 = (text: string): string =>
  HASH_PREFIX + createHash('sha256').update(text, 'utf8').digest('hex');

/** The fields an event's hash covers: what the event says, not where the log happens to hold it. */
type HashedEvent = Pick<
  StoredEvent,
  | 'streamId'
  | 'version'
  | 'eventId'
  | 'type'
  | 'schemaVersion'
  | 'occurredAt'
  | 'recordedAt'
  | 'actor'
  | 'correlationId'
  | 'causationId'
  | 'traceparent'
  | 'data'
  | 'pii'
>;

/**
 * `position` is left out: the MongoDB adapter moves a commit to a later position when it loses the
 * race for a slot, and the hash is fixed before the claim. The anchors cover positions instead.
 * `pii` is covered as stored (sealed), so erasure, which destroys only a key, leaves the hash intact.
 */
export const eventHash = (event: HashedEvent, prevHash: string | null): string =>
  sha256(
    canonicalJson({
      streamId: event.streamId,
      version: event.version,
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      occurredAt: event.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.actor,
      correlationId: event.correlationId,
      causationId: event.causationId,
      // Covered when present; canonicalJson drops it when absent, so events without it hash as before.
      traceparent: event.traceparent,
      data: event.data,
      pii: event.pii,
      prevHash,
    }),
  );

/**
 * Links a commit's events onto the stream's head: each gets `prevHash` (the previous event's hash,
 * `prevHash` given for the first: the head's, null for a new stream) and its own `hash`.
 * `dataSubject` is dropped: the sealing store names the key in the sealed value, and an unhashed
 * field in the stored event would be one an editor could change unseen.
 */
export const chain = (prevHash: string | null, events: readonly StoredEvent[]): StoredEvent[] => {
  let previous = prevHash;
  return events.map((event) => {
    const { dataSubject: _dropped, ...rest } = event as StoredEvent & { dataSubject?: string };
    const hash = eventHash(rest, previous);
    const linked: StoredEvent = { ...rest, prevHash: previous, hash };
    previous = hash;
    return linked;
  });
};
