import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ReadAllResult,
  StoredEvent,
} from '@casetrail/event-store';

/**
 * Every read from the store passes through the upcasters, so deciders, projections, rebuilds,
 * history queries and the publisher all see the current shape of each event; stored
 * events themselves are never rewritten.
 */
export class UpcastingEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly upcast: (event: StoredEvent) => StoredEvent,
  ) {}

  append(streamId: string, expectedVersion: number, events: readonly EventToAppend[]): Promise<AppendResult> {
    return this.inner.append(streamId, expectedVersion, events);
  }

  async readStream(streamId: string, fromVersion?: number): Promise<readonly StoredEvent[]> {
    return (await this.inner.readStream(streamId, fromVersion)).map(this.upcast);
  }

  async readAll(after: number, limit: number): Promise<ReadAllResult> {
    const page = await this.inner.readAll(after, limit);
    return { ...page, events: page.events.map(this.upcast) };
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
