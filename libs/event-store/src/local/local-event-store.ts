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
import { Journal } from './journal';

/**
 * The embedded store: all events in memory, optionally journaled to disk.
 * Without a directory it is the in-memory adapter for unit tests.
 */
export class LocalEventStore implements EventStore {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly journal: Journal | null;

  private readonly upcast: ((event: StoredEvent) => StoredEvent) | undefined;

  private constructor(directory: string | null, options: EventStoreOptions) {
    this.upcast = options.upcast;
    this.journal = directory ? new Journal(directory) : null;
    for (const commit of this.journal?.open() ?? []) this.index(commit);
  }

  static inMemory(options: EventStoreOptions = {}): LocalEventStore {
    return new LocalEventStore(null, options);
  }

  static journaled(directory: string, options: EventStoreOptions = {}): LocalEventStore {
    return new LocalEventStore(directory, options);
  }

  // Synchronous from check to write: nothing can interleave inside one process.
  append(streamId: string, expectedVersion: number, events: readonly EventToAppend[]): Promise<AppendResult> {
    // An executor that throws rejects the promise.
    return new Promise((resolve) => resolve(this.appendNow(streamId, expectedVersion, events)));
  }

  private appendNow(
    streamId: string,
    expectedVersion: number,
    events: readonly EventToAppend[],
  ): AppendResult {
    assertAppendable(streamId, expectedVersion, events);
    const actual = this.streams.get(streamId)?.length ?? 0;
    if (actual !== expectedVersion) throw new WrongExpectedVersionError(streamId, expectedVersion, actual);
    // Stored as JSON would store it (absent stays absent), and no caller can mutate it afterwards.
    const commit = JSON.parse(
      JSON.stringify(stamp(streamId, expectedVersion, this.all.length + 1, events)),
    ) as StoredEvent[];
    this.journal?.append(commit);
    this.index(commit);
    const last = commit[commit.length - 1]!;
    return { nextExpectedVersion: last.version, lastPosition: last.position, events: commit };
  }

  readStream(streamId: string, fromVersion = 1): Promise<readonly StoredEvent[]> {
    return Promise.resolve(this.read((this.streams.get(streamId) ?? []).slice(Math.max(0, fromVersion - 1))));
  }

  readAll(after: number, limit: number): Promise<ReadAllResult> {
    const events = this.all.slice(after, after + limit);
    return Promise.resolve({ events: this.read(events), checkpoint: events.at(-1)?.position ?? after });
  }

  headPosition(): Promise<number> {
    return Promise.resolve(this.all.length);
  }

  close(): Promise<void> {
    this.journal?.close();
    return Promise.resolve();
  }

  private read(events: StoredEvent[]): readonly StoredEvent[] {
    return this.upcast ? events.map(this.upcast) : events;
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
