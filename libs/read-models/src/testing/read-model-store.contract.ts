import type { ReadModelDocument, ReadModelStore } from '../store/read-model-store.port';

interface Doc extends ReadModelDocument {
  readonly owner: string;
  readonly n: number;
}

/** The guarantees the projection runner and the rebuild rely on, for every adapter. */
export const describeReadModelStoreContract = (name: string, open: () => Promise<ReadModelStore>) => {
  describe(`ReadModelStore contract: ${name}`, () => {
    let store: ReadModelStore;
    beforeEach(async () => {
      store = await open();
    });

    it('finds by equality on an indexed field, and indexing twice is harmless', async () => {
      const docs = store.collection<Doc>('indexed');
      await docs.ensureIndex('owner');
      await docs.ensureIndex('owner');
      await docs.putMany([
        { doc: { _id: 'a', owner: 'x', n: 1, version: 1 }, previousVersion: null },
        { doc: { _id: 'b', owner: 'y', n: 1, version: 1 }, previousVersion: null },
        { doc: { _id: 'c', owner: 'x', n: 2, version: 1 }, previousVersion: null },
      ]);
      expect((await docs.find({ owner: 'x' })).map((d) => d._id).sort()).toEqual(['a', 'c']);
      expect((await docs.find({ owner: 'x', n: 2 })).map((d) => d._id)).toEqual(['c']);
    });

    it('writes only when the stored version is the one the writer read', async () => {
      const docs = store.collection<Doc>('docs');
      expect(await docs.put({ _id: 'a', owner: 'x', n: 1, version: 1 }, null)).toBe(true);
      expect(await docs.put({ _id: 'a', owner: 'x', n: 9, version: 1 }, null)).toBe(false);
      expect(await docs.put({ _id: 'a', owner: 'x', n: 2, version: 2 }, 1)).toBe(true);
      expect(await docs.put({ _id: 'a', owner: 'x', n: 9, version: 3 }, 1)).toBe(false);
      expect(await docs.get('a')).toEqual({ _id: 'a', owner: 'x', n: 2, version: 2 });
    });

    it('writes many at once and names exactly the ones whose guard failed', async () => {
      const docs = store.collection<Doc>('docs');
      await docs.put({ _id: 'a', owner: 'x', n: 1, version: 1 }, null);
      await docs.put({ _id: 'b', owner: 'y', n: 1, version: 1 }, null);
      const lost = await docs.putMany([
        { doc: { _id: 'a', owner: 'x', n: 2, version: 2 }, previousVersion: 1 },
        { doc: { _id: 'b', owner: 'y', n: 2, version: 3 }, previousVersion: 2 },
        { doc: { _id: 'c', owner: 'x', n: 1, version: 1 }, previousVersion: null },
        { doc: { _id: 'b2', owner: 'y', n: 1, version: 1 }, previousVersion: null },
      ]);
      expect(lost).toEqual(['b']);
      expect(
        (await docs.getMany(['a', 'b', 'c', 'nope'])).sort((p, q) => p._id.localeCompare(q._id)),
      ).toEqual([
        { _id: 'a', owner: 'x', n: 2, version: 2 },
        { _id: 'b', owner: 'y', n: 1, version: 1 },
        { _id: 'c', owner: 'x', n: 1, version: 1 },
      ]);
      expect(
        await docs.putMany([{ doc: { _id: 'c', owner: 'x', n: 5, version: 1 }, previousVersion: null }]),
      ).toEqual(['c']);
    });

    it('writes a batch larger than a server connection pool (FerretDB deadlocked on such bulks)', async () => {
      const docs = store.collection<Doc>('docs');
      const ids = Array.from({ length: 120 }, (_, i) => `d${i}`);
      expect(
        await docs.putMany(
          ids.map((_id) => ({ doc: { _id, owner: 'x', n: 1, version: 1 }, previousVersion: null })),
        ),
      ).toEqual([]);
      expect(
        await docs.putMany(
          ids.map((_id) => ({ doc: { _id, owner: 'x', n: 2, version: 2 }, previousVersion: 1 })),
        ),
      ).toEqual([]);
      expect((await docs.find({ owner: 'x', n: 2 })).length).toBe(120);
    });

    it('inserts many documents at once into a collection being built', async () => {
      const docs = store.collection<Doc>('built');
      await docs.insertMany(
        Array.from({ length: 55 }, (_, i) => ({ _id: `b${i}`, owner: 'x', n: i, version: 1 })),
      );
      expect((await docs.find({ owner: 'x' })).length).toBe(55);
      expect(await docs.get('b7')).toEqual({ _id: 'b7', owner: 'x', n: 7, version: 1 });
    });

    it('finds by equality on top-level fields', async () => {
      const docs = store.collection<Doc>('docs');
      await docs.putMany([
        { doc: { _id: 'a', owner: 'x', n: 1, version: 1 }, previousVersion: null },
        { doc: { _id: 'b', owner: 'y', n: 1, version: 1 }, previousVersion: null },
        { doc: { _id: 'c', owner: 'x', n: 2, version: 1 }, previousVersion: null },
      ]);
      expect((await docs.find({ owner: 'x', n: 1 })).map((d) => d._id)).toEqual(['a']);
      expect((await docs.find({ owner: 'x' })).map((d) => d._id).sort()).toEqual(['a', 'c']);
    });

    it('finds by an element of an array field, null included', async () => {
      const docs = store.collection<Doc & { readonly holders: readonly (string | null)[] }>('holders');
      await docs.ensureIndex('holders');
      await docs.putMany([
        { doc: { _id: 'a', owner: 'x', n: 1, holders: [null, 'p'], version: 1 }, previousVersion: null },
        { doc: { _id: 'b', owner: 'y', n: 1, holders: ['q', 'p'], version: 1 }, previousVersion: null },
        { doc: { _id: 'c', owner: 'x', n: 2, holders: ['q'], version: 1 }, previousVersion: null },
      ]);
      expect((await docs.find({ holders: 'p' })).map((d) => d._id).sort()).toEqual(['a', 'b']);
      expect((await docs.find({ holders: 'q', owner: 'x' })).map((d) => d._id)).toEqual(['c']);
      expect((await docs.find({ holders: null })).map((d) => d._id)).toEqual(['a']);
    });

    it('swaps a collection built aside in place of the live one, and drops what is asked', async () => {
      await store.collection<Doc>('live').put({ _id: 'old', owner: 'x', n: 1, version: 1 }, null);
      await store.collection<Doc>('built').put({ _id: 'new', owner: 'x', n: 1, version: 1 }, null);
      await store.swap('built', 'live');
      expect((await store.collection<Doc>('live').find({})).map((d) => d._id)).toEqual(['new']);
      expect(await store.collection<Doc>('built').find({})).toEqual([]);
      await store.drop('live');
      await store.drop('never-existed');
      expect(await store.collection<Doc>('live').find({})).toEqual([]);
    });
  });
};
