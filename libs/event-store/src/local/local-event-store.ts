import {
  assertAppendable,
  stamp,
  WrongExpectedVersionError,
  type AppendResult,
  type EventStore,
  type EventStoreOptions,
  type EventToAppend,
  type ReadAllResult,
  type StoredEvent,
} from '../event-store.port';
import { chain } from '../chain/hash-chain';
import { Journal, type JournalFs, type TornTail } from './journal';

export interface JournaledOptions extends EventStoreOptions {
  /** The journal's write and sync calls (tests count and hold them). */
  readonly fs?: JournalFs;
}

/** Index of the first event whose `key` exceeds `after`, in events sorted by it. */
const firstAfter = (events: readonly StoredEvent[], after: number, key: 'position' | 'version') => {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (events[mid]![key] <= after) low = mid + 1;
    else high = mid;
  }
  return low;
};

/**
 * The embedded store: all events in memory, optionally journaled to disk.
 * Without a directory it is the in-memory adapter for unit tests.
 *
 * Journaled, an append takes its version and position at once (so concurrent appends are
 * checked against each other) but becomes visible to readers, and resolves, only once the
 * journal has synced it: no reader, and so no projection, sees a commit that a crash could
 * still take back. Positions and versions are found by search, not by index, so a journal
 * whose damaged lines were moved aside (leaving holes) reads as what it holds.
 */
export class LocalEventStore implements EventStore {
  /** One process appends in order and fsyncs before it answers: the journal's positions cannot have holes. */
  readonly holesPassed = 0;
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly journal: Journal | null;
  /** Versions and the last position taken, by appends visible or still syncing. */
  private readonly taken = new Map<string, number>();
  /** The hash of each stream's head as taken: what the next append links to (null before the chain). */
  private readonly takenHash = new Map<string, string | null>();
  private lastPosition = 0;

  private readonly upcast: ((event: StoredEvent) => StoredEvent) | undefined;

  private constructor(directory: string | null, options: JournaledOptions) {
    this.upcast = options.upcast;
    this.journal = directory ? new Journal(directory, options.fs) : null;
    for (const commit of this.journal?.open() ?? []) {
      this.take(commit);
      this.index(commit);
    }
  }

  static inMemory(options: EventStoreOptions = {}): LocalEventStore {
    return new LocalEventStore(null, options);
  }

  static journaled(directory: string, options: JournaledOptions = {}): LocalEventStore {
    return new LocalEventStore(directory, options);
  }

  /** The torn last line opening cut off (a crash mid-write), for the app to report. */
  get tornTail(): TornTail | null {
    return this.journal?.tornTail ?? null;
  }

  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly EventToAppend[],
  ): Promise<AppendResult> {
    // Synchronous from check to taking the version: nothing can interleave inside one process.
    assertAppendable(streamId, expectedVersion, events);
    const actual = this.taken.get(streamId) ?? 0;
    if (actual !== expectedVersion) throw new WrongExpectedVersionError(streamId, expectedVersion, actual);
    // Stored as JSON would store it (absent stays absent), and no caller can mutate it afterwards.
    const stamped = stamp(streamId, expectedVersion, this.lastPosition + 1, events);
    const json = JSON.stringify(chain(this.takenHash.get(streamId) ?? null, stamped));
    const commit = JSON.parse(json) as StoredEvent[];
    this.take(commit);
    // The journal resolves appends in position order, so commits become visible in that order.
    if (this.journal) await this.journal.append(json);
    this.index(commit);
    const last = commit[commit.length - 1]!;
    return { nextExpectedVersion: last.version, lastPosition: last.position, events: commit };
  }

  readStream(streamId: string, fromVersion = 1): Promise<readonly StoredEvent[]> {
    const stream = this.streams.get(streamId) ?? [];
    return Promise.resolve(this.read(stream.slice(firstAfter(stream, fromVersion - 1, 'version'))));
  }

  readAll(after: number, limit: number): Promise<ReadAllResult> {
    const from = firstAfter(this.all, after, 'position');
    const events = this.all.slice(from, from + limit);
    return Promise.resolve({ events: this.read(events), checkpoint: events.at(-1)?.position ?? after });
  }

  headPosition(): Promise<number> {
    return Promise.resolve(this.all.at(-1)?.position ?? 0);
  }

  async close(): Promise<void> {
    await this.journal?.close();
  }

  private read(events: StoredEvent[]): readonly StoredEvent[] {
    return this.upcast ? events.map(this.upcast) : events;
  }

  private take(commit: readonly StoredEvent[]): void {
    const last = commit[commit.length - 1]!;
    this.taken.set(last.streamId, last.version);
    this.takenHash.set(last.streamId, last.hash ?? null);
    this.lastPosition = last.position;
  }

  private index(commit: readonly StoredEvent[]): void {
    for (const event of commit) {
      this.all.push(event);
      const stream = this.streams.get(event.streamId);
      if (stream) stream.push(event);
      else this.streams.set(event.streamId, [event]);
    }
  }
}
