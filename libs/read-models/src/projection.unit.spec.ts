import type { StoredEvent } from '@casetrail/event-store';
import { PoisonEventError, ProjectionRunner, type GapReport, type Projection } from './projection';
import { InMemoryReadModelStore } from './store/in-memory-read-model-store';
import type { ReadModelDocument } from './store/read-model-store.port';

interface Counter extends ReadModelDocument {
  readonly count: number;
  readonly types: readonly string[];
}

const event = (streamId: string, version: number, type = 'Counted'): StoredEvent => ({
  eventId: `${streamId}-${version}`,
  type,
  schemaVersion: 1,
  streamId,
  version,
  position: version,
  occurredAt: '2026-01-01T00:00:00.000Z',
  recordedAt: '2026-01-01T00:00:00.000Z',
  actor: { id: 'a', role: 'system' },
  correlationId: 'c',
  causationId: 'c',
  data: {},
  pii: {},
});

const counter: Projection<Counter> = {
  collection: 'counters',
  documentId: (e) => (e.type === 'Ignored' ? null : e.streamId),
  evolve: (doc, e) => {
    if (e.type === 'Broken') throw new Error('cannot read this');
    return { _id: e.streamId, count: (doc?.count ?? 0) + 1, types: [...(doc?.types ?? []), e.type] };
  },
};

describe('ProjectionRunner', () => {
  it('applies a batch in order per document and records the stream version', async () => {
    const store = new InMemoryReadModelStore();
    const runner = new ProjectionRunner(counter, store);
    const outcome = await runner.applyBatch([
      event('a', 1),
      event('b', 1),
      event('a', 2),
      event('x', 1, 'Ignored'),
    ]);
    expect(outcome).toEqual({ applied: 3, duplicates: 0, poisoned: [] });
    expect(await store.collection<Counter>('counters').get('a')).toMatchObject({ count: 2, version: 2 });
    expect(await store.collection<Counter>('counters').get('x')).toBeNull();
  });

  it('changes nothing on redelivery: the effect of each event happens once', async () => {
    const store = new InMemoryReadModelStore();
    const runner = new ProjectionRunner(counter, store);
    await runner.applyBatch([event('a', 1), event('a', 2)]);
    const again = await runner.applyBatch([event('a', 1), event('a', 2), event('a', 3)]);
    expect(again).toEqual({ applied: 1, duplicates: 2, poisoned: [] });
    expect(await store.collection<Counter>('counters').get('a')).toMatchObject({ count: 3, version: 3 });
  });

  it('reports an event whose evolve throws as poison and carries on with the rest', async () => {
    const store = new InMemoryReadModelStore();
    const runner = new ProjectionRunner(counter, store);
    const outcome = await runner.applyBatch([event('a', 1), event('a', 2, 'Broken'), event('b', 1)]);
    expect(outcome.applied).toBe(2);
    expect(outcome.poisoned).toHaveLength(1);
    expect(outcome.poisoned[0]).toBeInstanceOf(PoisonEventError);
    expect(outcome.poisoned[0]!.event.version).toBe(2);
    expect(await store.collection<Counter>('counters').get('b')).toMatchObject({ count: 1 });
  });

  it('redoes only the documents another writer changed between its read and its write', async () => {
    const store = new InMemoryReadModelStore();
    const docs = store.collection<Counter>('counters');
    const runner = new ProjectionRunner(counter, store);
    await runner.applyBatch([event('a', 1)]);
    // Another writer moves `a` on between this runner's read and write.
    const realGetMany = docs.getMany.bind(docs);
    let interfered = false;
    jest.spyOn(store, 'collection').mockReturnValue(
      Object.assign(Object.create(docs) as typeof docs, {
        getMany: async (ids: readonly string[]) => {
          const result = await realGetMany(ids);
          if (!interfered) {
            interfered = true;
            await docs.put({ _id: 'a', count: 10, types: ['Other'], version: 2 }, 1);
          }
          return result;
        },
      }),
    );
    const racing = new ProjectionRunner(counter, store);
    const outcome = await racing.applyBatch([event('a', 2), event('a', 3)]);
    expect(outcome).toEqual({ applied: 1, duplicates: 1, poisoned: [] });
    expect(await docs.get('a')).toMatchObject({ count: 11, version: 3 });
  });
});

describe('ProjectionRunner with the event store as its source', () => {
  /** Counts only `Counted` events: a `Noted` one is ignored by the projection. */
  const picky: Projection<Counter> = {
    collection: 'counters',
    documentId: (e) => e.streamId,
    evolve: (doc, e) => {
      if (e.type !== 'Counted') return null;
      return { _id: e.streamId, count: (doc?.count ?? 0) + 1, types: [...(doc?.types ?? []), e.type] };
    },
  };
  const storeOf = (...events: StoredEvent[]) => {
    const source = {
      reads: 0,
      readStream: (streamId: string, fromVersion = 1) => {
        source.reads++;
        return Promise.resolve(events.filter((e) => e.streamId === streamId && e.version >= fromVersion));
      },
    };
    return source;
  };
  const setUp = (projection: Projection<Counter>, source: ReturnType<typeof storeOf>) => {
    const readModels = new InMemoryReadModelStore();
    const gaps: GapReport[] = [];
    const runner = new ProjectionRunner(projection, readModels, 'counters', {
      source,
      onGap: (gap) => gaps.push(gap),
    });
    return { runner, gaps, docs: readModels.collection<Counter>('counters') };
  };

  it('fills a gap from the store, in order, before the event that revealed it', async () => {
    const history = [1, 2, 3, 4].map((v) => event('a', v));
    const { runner, gaps, docs } = setUp(counter, storeOf(...history));
    await runner.applyBatch([history[0]!, history[1]!]);
    // Version 3 went missing on the way: 4 arrives next.
    const outcome = await runner.applyBatch([history[3]!]);
    expect(outcome).toEqual({ applied: 2, duplicates: 0, poisoned: [] });
    expect(await docs.get('a')).toMatchObject({ count: 4, version: 4 });
    expect(gaps).toEqual([
      {
        projection: 'counters',
        streamId: 'a',
        expected: 3,
        received: 4,
        outcome: 'filled',
        filled: 2,
        missing: [],
        skipped: [],
      },
    ]);
    // Version 3 comes late after all: a redelivery, harmless.
    expect(await runner.applyBatch([history[2]!])).toEqual({ applied: 0, duplicates: 1, poisoned: [] });
    expect(await docs.get('a')).toMatchObject({ count: 4, version: 4 });
  });

  it('never applies a forged future version: it is poison, and the real next versions still apply', async () => {
    const history = [1, 2, 3, 4].map((v) => event('a', v));
    const source = storeOf(...history);
    const { runner, gaps, docs } = setUp(counter, source);
    await runner.applyBatch([history[0]!, history[1]!]);
    const forged = { ...event('a', 999), eventId: 'forged-1' };
    // Same id as a real event, another version: not that event either.
    const borrowed = { ...history[2]!, version: 7 };
    const outcome = await runner.applyBatch([forged, borrowed]);
    expect(outcome.applied).toBe(0);
    expect(outcome.poisoned.map((p) => [p.event.eventId, p.event.version])).toEqual([
      ['forged-1', 999],
      ['a-3', 7],
    ]);
    expect(outcome.poisoned[0]!.message).toMatch(
      /a@999: not in the event store \(the stream is at v4 there\)/,
    );
    expect(gaps.map((g) => [g.received, g.outcome])).toEqual([
      [999, 'unknown'],
      [7, 'unknown'],
    ]);
    expect(await docs.get('a')).toMatchObject({ count: 2, version: 2 });
    // One read of the stream for the whole batch.
    expect(source.reads).toBe(1);

    const real = await runner.applyBatch([history[2]!, history[3]!]);
    expect(real).toEqual({ applied: 2, duplicates: 0, poisoned: [] });
    expect(await docs.get('a')).toMatchObject({ count: 4, version: 4 });
    // In order: no store read was needed.
    expect(source.reads).toBe(1);
  });

  it('tells a forged event from another event at the same version', async () => {
    const history = [1, 2, 3].map((v) => event('a', v));
    const { runner } = setUp(counter, storeOf(...history));
    await runner.applyBatch([history[0]!]);
    const outcome = await runner.applyBatch([{ ...history[2]!, eventId: 'impostor' }]);
    expect(outcome.poisoned[0]!.message).toMatch(/the event store has another event \(a-3\) at that version/);
  });

  it('keeps the version of events it ignores, so the next one is no gap and needs no store read', async () => {
    const history = [event('a', 1), event('a', 2, 'Noted'), event('a', 3)];
    const source = storeOf(...history);
    const { runner, gaps, docs } = setUp(picky, source);
    await runner.applyBatch([history[0]!]);
    await runner.applyBatch([history[1]!]);
    expect(await docs.get('a')).toMatchObject({ count: 1, version: 2 });
    expect(await runner.applyBatch([history[2]!])).toEqual({ applied: 1, duplicates: 0, poisoned: [] });
    expect(await docs.get('a')).toMatchObject({ count: 2, version: 3 });
    expect({ reads: source.reads, gaps }).toEqual({ reads: 0, gaps: [] });
  });

  it('starts a document late in its stream by checking the events before it with the store', async () => {
    // The projection ignores the stream's first event and has no document to keep its version in.
    const history = [event('a', 1, 'Noted'), event('a', 2)];
    const source = storeOf(...history);
    const { runner, gaps, docs } = setUp(picky, source);
    await runner.applyBatch([history[0]!]);
    expect(await docs.get('a')).toBeNull();
    expect(await runner.applyBatch([history[1]!])).toEqual({ applied: 1, duplicates: 0, poisoned: [] });
    expect(await docs.get('a')).toMatchObject({ count: 1, version: 2 });
    expect(gaps.map((g) => [g.expected, g.received, g.outcome, g.filled])).toEqual([[1, 2, 'filled', 1]]);
    // In one batch, the ignored event itself shows the way: no read.
    const again = setUp(picky, storeOf(...history));
    await again.runner.applyBatch(history);
    expect(await again.docs.get('a')).toMatchObject({ count: 1, version: 2 });
  });

  it('passes versions the store has no event for, and poison in the gap, saying so', async () => {
    const history = [event('a', 1), event('a', 3, 'Broken'), event('a', 4)];
    const { runner, gaps, docs } = setUp(counter, storeOf(...history));
    await runner.applyBatch([history[0]!]);
    const outcome = await runner.applyBatch([history[2]!]);
    expect(outcome).toEqual({ applied: 1, duplicates: 0, poisoned: [] });
    expect(await docs.get('a')).toMatchObject({ count: 2, version: 4 });
    expect(gaps[0]).toMatchObject({ outcome: 'filled', filled: 1, missing: [2], skipped: [3] });
  });

  it('stays harmless under redelivery of a whole filled history', async () => {
    const history = [1, 2, 3, 4, 5].map((v) => event('a', v));
    const { runner, docs } = setUp(counter, storeOf(...history));
    await runner.applyBatch([history[0]!, history[4]!]);
    expect(await docs.get('a')).toMatchObject({ count: 5, version: 5 });
    expect(await runner.applyBatch(history)).toEqual({ applied: 0, duplicates: 5, poisoned: [] });
    expect(await docs.get('a')).toMatchObject({ count: 5, version: 5 });
  });
});

describe('ProjectionRunner without a source (fed by the store itself, as a rebuild is)', () => {
  it('trusts events and applies them as they come', async () => {
    const readModels = new InMemoryReadModelStore();
    const runner = new ProjectionRunner(counter, readModels);
    expect(await runner.applyBatch([event('a', 1), event('a', 3)])).toEqual({
      applied: 2,
      duplicates: 0,
      poisoned: [],
    });
  });
});
