import { randomUUID } from 'node:crypto';
import { LocalEventStore, type EventToAppend } from '@casetrail/event-store';
import { ProjectionRunner, type Projection } from './projection';
import { projectionTarget, rebuildProjection, rebuildReadModels, type RebuildProgress } from './rebuild';
import { InMemoryReadModelStore } from './store/in-memory-read-model-store';
import type { ReadModelDocument } from './store/read-model-store.port';

interface Tally extends ReadModelDocument {
  readonly events: number;
}

const tally: Projection<Tally> = {
  collection: 'tallies',
  documentId: (e) => e.streamId,
  evolve: (doc, e) => ({ _id: e.streamId, events: (doc?.events ?? 0) + 1 }),
};

const event = (streamId: string): EventToAppend => ({
  eventId: randomUUID(),
  type: 'Noted',
  schemaVersion: 1,
  streamId,
  occurredAt: '2026-01-01T00:00:00.000Z',
  recordedAt: '2026-01-01T00:00:00.000Z',
  actor: { id: 'a', role: 'system' },
  correlationId: 'c',
  causationId: 'c',
  data: {},
  pii: {},
});

describe('rebuildProjection', () => {
  it('rebuilds from the whole store into a fresh collection and swaps it in, reporting progress', async () => {
    const store = LocalEventStore.inMemory();
    for (let i = 0; i < 30; i++) await store.append(`s${i % 3}`, Math.floor(i / 3), [event(`s${i % 3}`)]);
    const readModels = new InMemoryReadModelStore();
    // The live collection is wrong (say, a projection bug since fixed): the rebuild replaces it.
    await readModels.collection<Tally>('tallies').put({ _id: 's0', events: 99, version: 10 }, null);
    let clock = 0;
    const progress: RebuildProgress[] = [];
    const result = await rebuildProjection(store, readModels, tally, {
      batchSize: 7,
      now: () => (clock += 100),
      onProgress: (p) => progress.push(p),
    });
    expect(result).toMatchObject({ projection: 'tallies', events: 30, deadLettered: 0 });
    const docs = readModels.collection<Tally>('tallies');
    expect(await docs.find({})).toEqual(
      expect.arrayContaining([
        { _id: 's0', events: 10, version: 10 },
        { _id: 's1', events: 10, version: 10 },
        { _id: 's2', events: 10, version: 10 },
      ]),
    );
    expect(progress.at(-1)).toMatchObject({ position: 30, head: 30, etaSeconds: 0 });
    expect(progress[0]!.eventsPerSecond).toBeGreaterThan(0);
    expect(await readModels.collection('tallies__rebuild').find({})).toEqual([]);
  });

  it('ends equal to the live projection when both saw the same events', async () => {
    const store = LocalEventStore.inMemory();
    const live = new InMemoryReadModelStore();
    const runner = new ProjectionRunner(tally, live);
    for (let i = 0; i < 20; i++) {
      const { events } = await store.append(`s${i % 4}`, Math.floor(i / 4), [event(`s${i % 4}`)]);
      await runner.applyBatch(events);
    }
    const rebuilt = new InMemoryReadModelStore();
    await rebuildProjection(store, rebuilt, tally);
    const sort = (docs: Tally[]) => docs.sort((a, b) => a._id.localeCompare(b._id));
    expect(sort(await rebuilt.collection<Tally>('tallies').find({}))).toEqual(
      sort(await live.collection<Tally>('tallies').find({})),
    );
  });
});

describe('a streamed rebuild', () => {
  const seed = async (streams: number, perStream: number) => {
    const store = LocalEventStore.inMemory();
    // Interleaved, as a real log is: every stream is touched again long after it was first seen.
    for (let round = 0; round < perStream; round++)
      for (let s = 0; s < streams; s++) await store.append(`s${s}`, round, [event(`s${s}`)]);
    return store;
  };
  const sorted = async (readModels: InMemoryReadModelStore, name = 'tallies') =>
    (await readModels.collection<Tally>(name).find({})).sort((a, b) => a._id.localeCompare(b._id));

  it('gives the documents of an unbounded fold while its cache never holds more than its limit', async () => {
    const store = await seed(40, 5);
    const unbounded = new InMemoryReadModelStore();
    await rebuildProjection(store, unbounded, tally, { cacheDocuments: 1_000_000 });
    const bounded = new InMemoryReadModelStore();
    const peaks: number[] = [];
    await rebuildProjection(store, bounded, tally, {
      batchSize: 6,
      cacheDocuments: 8,
      onBuilt: (cache, [building]) => peaks.push(cache.stats(building!).peak),
    });
    expect(await sorted(bounded)).toEqual(await sorted(unbounded));
    expect(await sorted(bounded)).toHaveLength(40);
    for (const doc of await sorted(bounded)) expect(doc).toMatchObject({ events: 5, version: 5 });
    // Forty documents went through a cache of eight: memory follows the limit, not the cases.
    expect(peaks).toEqual([8]);
  });

  it('rebuilds several read models in one read of the log', async () => {
    const store = await seed(10, 3);
    let reads = 0;
    const counted = Object.assign(Object.create(store) as typeof store, {
      readAll: (after: number, limit: number) => {
        reads++;
        return store.readAll(after, limit);
      },
    });
    const other: Projection<Tally> = { ...tally, collection: 'others' };
    const readModels = new InMemoryReadModelStore();
    const results = await rebuildReadModels(counted, readModels, [tally, other].map(projectionTarget), {
      batchSize: 10,
    });
    expect(results.map((r) => [r.projection, r.events])).toEqual([
      ['tallies', 30],
      ['others', 30],
    ]);
    expect(await sorted(readModels, 'others')).toEqual(await sorted(readModels));
    // Three pages of ten, one empty read to end the pass and one to end the catch-up.
    expect(reads).toBe(5);
  });

  it('asks the store for its head only when someone follows the progress', async () => {
    const store = await seed(3, 2);
    let heads = 0;
    const counted = Object.assign(Object.create(store) as typeof store, {
      headPosition: () => {
        heads++;
        return store.headPosition();
      },
    });
    await rebuildProjection(counted, new InMemoryReadModelStore(), tally);
    expect(heads).toBe(0);
    await rebuildProjection(counted, new InMemoryReadModelStore(), tally, { onProgress: () => undefined });
    expect(heads).toBe(2);
  });

  it('reads the next page of the log while it applies the current one', async () => {
    const store = await seed(4, 3);
    const steps: string[] = [];
    const traced = Object.assign(Object.create(store) as typeof store, {
      readAll: (after: number, limit: number) => {
        steps.push(`read after ${after}`);
        return store.readAll(after, limit);
      },
    });
    const target = projectionTarget(tally);
    const slow = {
      ...target,
      runner: (readModels: InMemoryReadModelStore, collection: string) => {
        const runner = target.runner(readModels, collection);
        return {
          applyBatch: async (events: Parameters<typeof runner.applyBatch>[0]) => {
            steps.push(`apply from ${events[0]!.position}`);
            await new Promise((r) => setTimeout(r, 5));
            return runner.applyBatch(events);
          },
        };
      },
    };
    await rebuildReadModels(traced, new InMemoryReadModelStore(), [slow], { batchSize: 6 });
    expect(steps.slice(0, 4)).toEqual(['read after 0', 'read after 6', 'apply from 1', 'read after 12']);
  });
});
