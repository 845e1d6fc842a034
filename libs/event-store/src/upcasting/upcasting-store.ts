import type { EventStore, StoredEvent } from '../event-store.port';

/**
 * A store read through `upcastEvent`, over one that reads events as stored. The composition root
 * keeps both: the deciders, projections and rebuilds read current shapes through this one, while
 * the publisher reads the one beneath, so a message carries the stored shape and version (and the
 * bytes its `hash` was taken over) however many upcasters are added later.
 */
export const upcasting = (
  inner: EventStore,
  upcastEvent: (event: StoredEvent) => StoredEvent,
): EventStore => ({
  append: (streamId, expectedVersion, events) => inner.append(streamId, expectedVersion, events),
  readStream: async (streamId, fromVersion) =>
    (await inner.readStream(streamId, fromVersion)).map((event) => upcastEvent(event)),
  readAll: async (after, limit) => {
    const page = await inner.readAll(after, limit);
    return { ...page, events: page.events.map((event) => upcastEvent(event)) };
  },
  headPosition: () => inner.headPosition(),
  get holesPassed() {
    return inner.holesPassed;
  },
  close: () => inner.close(),
});
