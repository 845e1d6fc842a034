import type { Pending, Recorded } from '@casetrail/domain';

/** The store is agnostic of any aggregate: it keeps events of any shape. */
export interface AnyEvent {
  readonly type: string;
  readonly occurredAt: string;
  readonly data: unknown;
  readonly pii: unknown;
}

/**
 * Every stream is hash-chained: `hash` is SHA-256 over the canonical encoding of the event's envelope
 * (its `pii` as stored, sealed, included) and `prevHash`, the hash of the event before it in its stream
 * (null for version 1). The adapters set both at append; they are optional only for events made in
 * memory (fixtures) and for journals written before the chain.
 */
export type StoredEvent = Recorded<AnyEvent> & { readonly prevHash?: string | null; readonly hash?: string };
/**
 * `dataSubject`: the client whose data key seals this event's `pii` (the sealing store requires it on
 * case streams and does not store it: the sealed value's `kid` names the key).
 */
export type EventToAppend = Pending<AnyEvent> & { readonly dataSubject?: string };

export interface AppendResult {
  /** The stream's version after the append: the expected version for the next one. */
  readonly nextExpectedVersion: number;
  /** Global position of the last appended event. */
  readonly lastPosition: number;
  readonly events: readonly StoredEvent[];
}

export interface ReadAllResult {
  readonly events: readonly StoredEvent[];
  /** The position to pass as `after` to continue; unchanged when nothing was read. */
  readonly checkpoint: number;
}

/**
 * Append-only event store.
 * - `append` is atomic for all its events and succeeds only if the stream is exactly
 *   at `expectedVersion` (0: the stream must not exist); versions never gap or repeat.
 * - `readAll` returns events in global commit order: a reader that has seen position
 *   N never later finds a committed event below N.
 */
export interface EventStore {
  append(streamId: string, expectedVersion: number, events: readonly EventToAppend[]): Promise<AppendResult>;
  readStream(streamId: string, fromVersion?: number): Promise<readonly StoredEvent[]>;
  readAll(after: number, limit: number): Promise<ReadAllResult>;
  /** Global position of the last committed event (0 when empty). */
  headPosition(): Promise<number>;
  /** Holes in the global log this instance has passed since it opened: 0 where the log cannot have any. */
  readonly holesPassed: number;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');

/** Bounded so that a commit spans at most two pages of the MongoDB layout. */
export const MAX_EVENTS_PER_COMMIT = 1000;

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`Stream ${streamId} is at version ${actualVersion}, not the expected ${expectedVersion}`);
    this.name = 'WrongExpectedVersionError';
  }
}

/** Stamps store-assigned positions onto pending events. */
export const stamp = (
  streamId: string,
  expectedVersion: number,
  firstPosition: number,
  events: readonly EventToAppend[],
): StoredEvent[] =>
  events.map((event, i) => ({
    ...event,
    streamId,
    version: expectedVersion + i + 1,
    position: firstPosition + i,
  }));

export const assertAppendable = (
  streamId: string,
  expectedVersion: number,
  events: readonly EventToAppend[],
) => {
  if (events.length === 0) throw new RangeError('An append needs at least one event');
  if (events.length > MAX_EVENTS_PER_COMMIT)
    throw new RangeError(`An append holds at most ${MAX_EVENTS_PER_COMMIT} events`);
  if (!Number.isInteger(expectedVersion) || expectedVersion < 0)
    throw new RangeError(`Invalid expected version ${expectedVersion}`);
  if (events.some((e) => e.streamId !== streamId))
    throw new RangeError('Every event must belong to the stream');
};

/**
 * How an adapter is opened. `upcast` brings every event it reads to the current shape of its
 * type (deciders, projections, rebuilds and the publisher all read through it); stored events
 * themselves are never rewritten. Without it, events are read as stored.
 */
export interface EventStoreOptions {
  readonly upcast?: (event: StoredEvent) => StoredEvent;
}
