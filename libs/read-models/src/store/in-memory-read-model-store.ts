import type {
  Filter,
  ReadModelCollection,
  ReadModelDocument,
  ReadModelStore,
  VersionedWrite,
} from './read-model-store.port';

class InMemoryCollection<D extends ReadModelDocument> implements ReadModelCollection<D> {
  private readonly docs = new Map<string, D>();

  get(id: string): Promise<D | null> {
    return Promise.resolve(this.copy(this.docs.get(id)) ?? null);
  }

  getMany(ids: readonly string[]): Promise<D[]> {
    return Promise.resolve(ids.flatMap((id) => this.copy(this.docs.get(id)) ?? []));
  }

  async putMany(writes: readonly VersionedWrite<D>[]): Promise<string[]> {
    const lost: string[] = [];
    for (const { doc, previousVersion } of writes)
      if (!(await this.put(doc, previousVersion))) lost.push(doc._id);
    return lost;
  }

  insertMany(docs: readonly D[]): Promise<void> {
    for (const doc of docs) this.docs.set(doc._id, structuredClone(doc));
    return Promise.resolve();
  }

  put(doc: D, previousVersion: number | null): Promise<boolean> {
    const stored = this.docs.get(doc._id);
    if ((stored?.version ?? null) !== previousVersion) return Promise.resolve(false);
    this.docs.set(doc._id, structuredClone(doc));
    return Promise.resolve(true);
  }

  find(filter: Filter<D>): Promise<D[]> {
    const entries = Object.entries(filter) as [keyof D, unknown][];
    const found = [...this.docs.values()].filter((doc) =>
      entries.every(([key, value]) => {
        const field: unknown = doc[key];
        // MongoDB's equality: an array field matches an element it holds.
        return field === value || (Array.isArray(field) && !Array.isArray(value) && field.includes(value));
      }),
    );
    return Promise.resolve(found.map((doc) => structuredClone(doc)));
  }

  /** A scan of a map is what an index would save: nothing to do. */
  ensureIndex(): Promise<void> {
    return Promise.resolve();
  }

  private copy(doc: D | undefined): D | undefined {
    return doc && structuredClone(doc);
  }
}

/** The embedded read-model store: rebuilt from the journal at every boot. */
export class InMemoryReadModelStore implements ReadModelStore {
  private readonly collections = new Map<string, InMemoryCollection<ReadModelDocument>>();

  collection<D extends ReadModelDocument>(name: string): ReadModelCollection<D> {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new InMemoryCollection<ReadModelDocument>();
      this.collections.set(name, collection);
    }
    return collection as unknown as ReadModelCollection<D>;
  }

  swap(built: string, live: string): Promise<void> {
    this.collections.set(live, this.collections.get(built) ?? new InMemoryCollection<ReadModelDocument>());
    this.collections.delete(built);
    return Promise.resolve();
  }

  drop(collection: string): Promise<void> {
    this.collections.delete(collection);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
