import type { EventStore } from '@casetrail/event-store';
import type { Histogram } from 'prom-client';

/** The store with each append timed; reads pass straight through (their cost shows in the callers' timings). */
export const timedAppends = (store: EventStore, histogram: Histogram): EventStore => ({
  append: async (streamId, expectedVersion, events) => {
    const end = histogram.startTimer();
    try {
      return await store.append(streamId, expectedVersion, events);
    } finally {
      end();
    }
  },
  readStream: (streamId, fromVersion) => store.readStream(streamId, fromVersion),
  readAll: (after, limit) => store.readAll(after, limit),
  headPosition: () => store.headPosition(),
  get holesPassed() {
    return store.holesPassed;
  },
  close: () => store.close(),
});
