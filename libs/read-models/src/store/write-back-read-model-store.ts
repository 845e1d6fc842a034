import type {
  Filter,
  ReadModelCollection,
  ReadModelDocument,
  ReadModelStore,
  VersionedWrite,
} from './read-model-store.port';

export interface WriteBackOptions {
  /** Documents kept per collection once a write call returns; older ones are flushed and dropped. */
  readonly maxDocuments: number;
  /**
   * The collections start empty and only this store writes them (a rebuild's): an id it never
   * flushed is then known absent without asking the database. Off, every miss is looked up.
   */
  readonly startsEmpty?: boolean;
  /** Size of the filter remembering flushed ids (bits); fixed, so memory does not grow with ids. */
  readonly filterBits?: number;
}

/**
 * Remembers which ids were flushed in a fixed number of bits: "no" is certain, "maybe" costs one
 * lookup. A set of ids would grow with the number of cases, which is what a rebuild must not do.
 */
export class FlushedIds {
  private readonly bits: Uint32Array;
  private readonly size: number;

  constructor(bits = 1 << 23) {
    this.size = Math.max(32, bits);
    this.bits = new Uint32Array(Math.ceil(this.size / 32));
  }

  add(id: string): void {
    for (const bit of this.positions(id)) this.bits[bit >>> 5]! |= 1 << (bit & 31);
  }

  mayHave(id: string): boolean {
    return this.positions(id).every((bit) => (this.bits[bit >>> 5]! & (1 << (bit & 31))) !== 0);
  }

  /** Four positions by double hashing two FNV-1a variants. */
  private positions(id: string): number[] {
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    const step = ((b | 1) >>> 0) % this.size || 1;
    return [0, 1, 2, 3].map((k) => ((a >>> 0) + k * step) % this.size);
  }
}

interface Entry<D> {
  /** null: known absent. */
  readonly doc: D | null;
  /** The version the underlying collection holds (null: absent there). */
  readonly stored: number | null;
  readonly dirty: boolean;
}

/** Thrown when a flush finds the underlying document changed: someone else writes a collection this store owns. */
export class WriteBackConflictError extends Error {
  constructor(
    readonly collection: string,
    readonly ids: readonly string[],
  ) {
    super(`${collection}: ${ids.length} document(s) changed underneath a write-back cache`);
    this.name = 'WriteBackConflictError';
  }
}

class WriteBackCollection<D extends ReadModelDocument> implements ReadModelCollection<D> {
  /** Map order is recency order: a touch moves an id to the end, eviction takes from the front. */
  private readonly entries = new Map<string, Entry<D>>();
  private readonly flushed: FlushedIds | null;
  peak = 0;

  constructor(
    private readonly name: string,
    private readonly under: ReadModelCollection<D>,
    private readonly options: WriteBackOptions,
  ) {
    this.flushed = options.startsEmpty ? new FlushedIds(options.filterBits) : null;
  }

  get size(): number {
    return this.entries.size;
  }

  async get(id: string): Promise<D | null> {
    return (await this.getMany([id]))[0] ?? null;
  }

  /** Documents are handed out as cached, not copied: callers (the runners) never mutate them. */
  async getMany(ids: readonly string[]): Promise<D[]> {
    const unknown = [...new Set(ids)].filter((id) => !this.entries.has(id));
    const toRead: string[] = [];
    for (const id of unknown) {
      if (this.flushed && !this.flushed.mayHave(id))
        this.remember(id, { doc: null, stored: null, dirty: false });
      else toRead.push(id);
    }
    if (toRead.length > 0) {
      const found = new Map((await this.under.getMany(toRead)).map((doc) => [doc._id, doc]));
      for (const id of toRead) {
        const doc = found.get(id) ?? null;
        this.remember(id, { doc, stored: doc?.version ?? null, dirty: false });
      }
    }
    const docs = ids.flatMap((id) => {
      const entry = this.entries.get(id);
      if (entry) this.remember(id, entry);
      return entry?.doc ? [entry.doc] : [];
    });
    await this.evict(new Set(ids));
    return docs;
  }

  async put(doc: D, previousVersion: number | null): Promise<boolean> {
    return (await this.putMany([{ doc, previousVersion }])).length === 0;
  }

  async putMany(writes: readonly VersionedWrite<D>[]): Promise<string[]> {
    await this.getMany(writes.map((w) => w.doc._id));
    const lost: string[] = [];
    for (const { doc, previousVersion } of writes) {
      const entry = this.entries.get(doc._id)!;
      if ((entry.doc?.version ?? null) !== previousVersion) {
        lost.push(doc._id);
        continue;
      }
      this.remember(doc._id, { doc, stored: entry.stored, dirty: true });
    }
    await this.evict(new Set());
    return lost;
  }

  async insertMany(docs: readonly D[]): Promise<void> {
    await this.under.insertMany(docs);
    for (const doc of docs) {
      this.entries.delete(doc._id);
      this.flushed?.add(doc._id);
    }
  }

  async find(filter: Filter<D>): Promise<D[]> {
    await this.flush();
    return this.under.find(filter);
  }

  ensureIndex(field: keyof D & string): Promise<void> {
    return this.under.ensureIndex(field);
  }

  /** Writes every dirty document in bulk; they stay cached, clean. */
  async flush(): Promise<void> {
    await this.write([...this.entries.entries()].filter(([, e]) => e.dirty));
  }

  private remember(id: string, entry: Entry<D>): void {
    this.entries.delete(id);
    this.entries.set(id, entry);
  }

  /**
   * Drops the least recently used beyond the limit, writing the dirty ones first; the ids of the
   * call under way stay, so a batch larger than the limit is held for its own length only.
   */
  private async evict(keep: ReadonlySet<string>): Promise<void> {
    const excess = this.entries.size - this.options.maxDocuments;
    const oldest: [string, Entry<D>][] = [];
    for (const pair of this.entries) {
      if (oldest.length >= excess) break;
      if (!keep.has(pair[0])) oldest.push(pair);
    }
    await this.write(oldest.filter(([, e]) => e.dirty));
    for (const [id] of oldest) this.entries.delete(id);
    this.peak = Math.max(this.peak, this.entries.size);
  }

  private async write(dirty: readonly [string, Entry<D>][]): Promise<void> {
    if (dirty.length === 0) return;
    const lost = await this.under.putMany(dirty.map(([, e]) => ({ doc: e.doc!, previousVersion: e.stored })));
    if (lost.length > 0) throw new WriteBackConflictError(this.name, lost);
    for (const [id, e] of dirty) {
      this.flushed?.add(id);
      // Only if still the entry written: nothing else runs between, but stay exact.
      if (this.entries.get(id) === e)
        this.entries.set(id, { doc: e.doc, stored: e.doc!.version, dirty: false });
    }
  }
}

/**
 * A bounded write-back cache over a read-model store, for a writer that owns its collections
 * (a rebuild): reads are served from memory when they can be, writes land in memory and reach
 * the database in bulk when a document is evicted or on `flush()`. Memory holds at most
 * `maxDocuments` per collection between write calls (plus what one batch reads), whatever the
 * number of documents written. The version guard is checked against the cached version.
 */
export class WriteBackReadModelStore implements ReadModelStore {
  private readonly collections = new Map<string, WriteBackCollection<ReadModelDocument>>();

  constructor(
    private readonly under: ReadModelStore,
    private readonly options: WriteBackOptions,
  ) {
    if (!(options.maxDocuments >= 1)) throw new RangeError('maxDocuments must be at least 1');
  }

  collection<D extends ReadModelDocument>(name: string): ReadModelCollection<D> {
    return this.cached(name) as unknown as ReadModelCollection<D>;
  }

  /** The most documents a collection held at once, and what it holds now (tests, benchmarks). */
  stats(name: string): { readonly peak: number; readonly size: number } {
    const collection = this.cached(name);
    return { peak: collection.peak, size: collection.size };
  }

  async flush(): Promise<void> {
    for (const collection of this.collections.values()) await collection.flush();
  }

  async swap(built: string, live: string): Promise<void> {
    await this.flush();
    this.collections.delete(built);
    this.collections.delete(live);
    await this.under.swap(built, live);
  }

  async drop(collection: string): Promise<void> {
    this.collections.delete(collection);
    await this.under.drop(collection);
  }

  /** Flushes; the underlying store stays open (it is its owner's to close). */
  close(): Promise<void> {
    return this.flush();
  }

  private cached(name: string): WriteBackCollection<ReadModelDocument> {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new WriteBackCollection(name, this.under.collection(name), this.options);
      this.collections.set(name, collection);
    }
    return collection;
  }
}
