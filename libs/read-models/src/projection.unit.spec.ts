import type { StoredEvent } from '@casetrail/event-store';
import { PoisonEventError, ProjectionRunner, type Projection } from './projection';
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
