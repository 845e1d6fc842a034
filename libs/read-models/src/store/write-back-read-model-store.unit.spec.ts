import { InMemoryReadModelStore } from './in-memory-read-model-store';
import type { ReadModelDocument, ReadModelStore, VersionedWrite } from './read-model-store.port';
import { FlushedIds, WriteBackConflictError, WriteBackReadModelStore } from './write-back-read-model-store';

interface Doc extends ReadModelDocument {
  readonly n: number;
}

/** The in-memory store, counting what reaches it. */
const counting = () => {
  const inner = new InMemoryReadModelStore();
  const calls = { getMany: 0, putMany: 0, written: 0 };
  const store: ReadModelStore = Object.assign(Object.create(inner) as ReadModelStore, {
    collection: <D extends ReadModelDocument>(name: string) => {
      const collection = inner.collection<D>(name);
      return Object.assign(Object.create(collection) as typeof collection, {
        getMany: (ids: readonly string[]) => {
          calls.getMany++;
          return collection.getMany(ids);
        },
        putMany: (writes: readonly VersionedWrite<D>[]) => {
          calls.putMany++;
          calls.written += writes.length;
          return collection.putMany(writes);
        },
      });
    },
  });
  return { inner, store, calls };
};

const doc = (id: string, version: number): Doc => ({ _id: id, version, n: version * 10 });

describe('FlushedIds', () => {
  it('never forgets an id it was given, in a fixed number of bits', () => {
    const ids = new FlushedIds(1 << 12);
    const added = Array.from({ length: 2_000 }, (_, i) => `case-${i}-${(i * 7919) % 1000}`);
    for (const id of added) ids.add(id);
    for (const id of added) expect(ids.mayHave(id)).toBe(true);
    expect(new FlushedIds(1 << 16).mayHave('case-1')).toBe(false);
  });
});

describe('WriteBackReadModelStore', () => {
  it('keeps writes in memory until a document is evicted, then writes the evicted ones in one bulk', async () => {
    const { inner, store, calls } = counting();
    const cache = new WriteBackReadModelStore(store, { maxDocuments: 3, startsEmpty: true });
    const docs = cache.collection<Doc>('docs');
    expect(
      await docs.putMany(['a', 'b', 'c'].map((id) => ({ doc: doc(id, 1), previousVersion: null }))),
    ).toEqual([]);
    expect(calls).toEqual({ getMany: 0, putMany: 0, written: 0 });
    expect(await docs.putMany(['d', 'e'].map((id) => ({ doc: doc(id, 1), previousVersion: null })))).toEqual(
      [],
    );
    // The two least recently used went out together; the database was never asked about a new id.
    expect(calls).toEqual({ getMany: 0, putMany: 1, written: 2 });
    expect((await inner.collection<Doc>('docs').find({})).map((d) => d._id).sort()).toEqual(['a', 'b']);
    expect(cache.stats('docs')).toEqual({ peak: 3, size: 3 });
    await cache.flush();
    expect((await inner.collection<Doc>('docs').find({})).map((d) => d._id).sort()).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
  });

  it('reads an evicted document back and updates it under the version it was written at', async () => {
    const { inner, store, calls } = counting();
    const cache = new WriteBackReadModelStore(store, { maxDocuments: 1, startsEmpty: true });
    const docs = cache.collection<Doc>('docs');
    await docs.put(doc('a', 1), null);
    await docs.put(doc('b', 1), null);
    expect(await docs.get('a')).toEqual(doc('a', 1));
    expect(calls.getMany).toBe(1);
    // The guard is checked against what is cached: a stale writer loses, as on the database.
    expect(await docs.put(doc('a', 3), 0)).toBe(false);
    expect(await docs.put(doc('a', 2), 1)).toBe(true);
    await cache.flush();
    expect(await inner.collection<Doc>('docs').get('a')).toEqual(doc('a', 2));
    expect(await inner.collection<Doc>('docs').get('b')).toEqual(doc('b', 1));
  });

  it('looks every miss up when the collection may hold documents it did not write', async () => {
    const { inner, store, calls } = counting();
    await inner.collection<Doc>('docs').put(doc('old', 4), null);
    const cache = new WriteBackReadModelStore(store, { maxDocuments: 10 });
    expect(await cache.collection<Doc>('docs').getMany(['old', 'new'])).toEqual([doc('old', 4)]);
    expect(calls.getMany).toBe(1);
  });

  it('fails loudly when the collection changed underneath it', async () => {
    const { inner, store } = counting();
    const cache = new WriteBackReadModelStore(store, { maxDocuments: 10, startsEmpty: true });
    await cache.collection<Doc>('docs').put(doc('a', 1), null);
    await inner.collection<Doc>('docs').put(doc('a', 7), null);
    await expect(cache.flush()).rejects.toBeInstanceOf(WriteBackConflictError);
  });
});
