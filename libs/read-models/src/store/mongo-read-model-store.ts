import {
  MongoBulkWriteError,
  MongoServerError,
  type Collection,
  type Db,
  type Filter as MongoFilter,
  type OptionalUnlessRequiredId,
} from 'mongodb';
import type {
  Filter,
  ReadModelCollection,
  ReadModelDocument,
  ReadModelStore,
  VersionedWrite,
} from './read-model-store.port';
import { indexesOf } from './read-model-indexes';

const DUPLICATE_KEY = 11000;
/** An absent optional field stays absent, as in memory; the driver would store null. */
const KEEP_ABSENT = { ignoreUndefined: true } as const;
/**
 * FerretDB 1.24 holds a PostgreSQL connection per operation of a bulk write until the bulk
 * ends; a bulk larger than its pool (50) deadlocks the server. Small chunks stay well clear.
 */
export const BULK_CHUNK = 20;
/** New documents per insert command (putMany): the bench seeds 200-document inserts, three in flight. */
const INSERT_CHUNK = 200;
/** `_id` lookups of one `getMany` in flight at once: well inside the driver's and FerretDB's pools. */
const GET_MANY_IN_FLIGHT = 8;

class MongoReadModelCollection<D extends ReadModelDocument> implements ReadModelCollection<D> {
  constructor(
    private readonly docs: Collection<D>,
    /** Created before the first query of this process; shared by every handle on the collection. */
    private readonly indexed: () => Promise<void>,
  ) {}

  async get(id: string): Promise<D | null> {
    return (await this.docs.findOne({ _id: id } as MongoFilter<D>)) as D | null;
  }

  /**
   * One `_id` equality per document, a few in flight: FerretDB 1.24 pushes equality down but
   * not `$in`, which it answers by decoding the whole collection (every document of 100,000
   * to find 60). On MongoDB one `$in` on the `_id` index would be a single round trip.
   */
  async getMany(ids: readonly string[]): Promise<D[]> {
    const unique = [...new Set(ids)];
    const found: D[] = [];
    let next = 0;
    const worker = async () => {
      while (next < unique.length) {
        const doc = await this.get(unique[next++]!);
        if (doc) found.push(doc);
      }
    };
    await Promise.all(Array.from({ length: Math.min(GET_MANY_IN_FLIGHT, unique.length) }, worker));
    return found;
  }

  /**
   * On MongoDB each guarded write is atomic. FerretDB 1.24 applies an update as read-then-write
   * without a lock, so there the guard is exact only with one writer per document, which
   * the projector has: one case's events arrive on one partition, owned by one consumer.
   */
  async putMany(writes: readonly VersionedWrite<D>[]): Promise<string[]> {
    const lost: string[] = [];
    // New documents go as inserts in large chunks: one insert command, which FerretDB runs on one
    // connection, and whose duplicate-key errors say exactly which lost. Replacements stay small.
    const inserts = writes.filter((w) => w.previousVersion === null).map((w) => w.doc);
    const chunks = Array.from({ length: Math.ceil(inserts.length / INSERT_CHUNK) }, (_, i) =>
      inserts.slice(i * INSERT_CHUNK, (i + 1) * INSERT_CHUNK),
    );
    // Two in flight: FerretDB decodes one while PostgreSQL writes the other.
    for (let i = 0; i < chunks.length; i += 2)
      for (const chunkLost of await Promise.all(chunks.slice(i, i + 2).map((c) => this.insertChunk(c))))
        lost.push(...chunkLost);
    const replaces = writes.filter((w) => w.previousVersion !== null);
    for (let i = 0; i < replaces.length; i += BULK_CHUNK)
      lost.push(...(await this.putChunk(replaces.slice(i, i + BULK_CHUNK))));
    return lost;
  }

  private async insertChunk(docs: readonly D[]): Promise<string[]> {
    if (docs.length === 0) return [];
    try {
      await this.docs.insertMany(docs as OptionalUnlessRequiredId<D>[], { ordered: false, ...KEEP_ABSENT });
      return [];
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const failures = [error.writeErrors].flat();
      if (failures.length === 0 || failures.some((f) => f.code !== DUPLICATE_KEY)) throw error;
      return failures.map((f) => docs[f.index]!._id);
    }
  }

  private async putChunk(writes: readonly VersionedWrite<D>[]): Promise<string[]> {
    if (writes.length === 0) return [];
    const operations = writes.map(({ doc, previousVersion }) =>
      previousVersion === null
        ? { insertOne: { document: doc as OptionalUnlessRequiredId<D> } }
        : {
            replaceOne: {
              filter: { _id: doc._id, version: previousVersion } as MongoFilter<D>,
              replacement: doc,
            },
          },
    );
    const lost = new Set<string>();
    try {
      const result = await this.docs.bulkWrite(operations as never, { ordered: false, ...KEEP_ABSENT });
      if (result.matchedCount + result.insertedCount === writes.length) return [];
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      for (const failure of [error.writeErrors].flat()) {
        if (failure.code !== DUPLICATE_KEY) throw error;
        lost.add(writes[failure.index]!.doc._id);
      }
    }
    // bulkWrite does not say which replace matched nothing: ask for the versions that landed.
    const stored = new Map((await this.getMany(writes.map((w) => w.doc._id))).map((d) => [d._id, d.version]));
    for (const { doc } of writes) if (stored.get(doc._id) !== doc.version) lost.add(doc._id);
    return [...lost];
  }

  async insertMany(docs: readonly D[]): Promise<void> {
    for (let i = 0; i < docs.length; i += BULK_CHUNK) {
      await this.docs.insertMany(docs.slice(i, i + BULK_CHUNK) as OptionalUnlessRequiredId<D>[], KEEP_ABSENT);
    }
  }

  async put(doc: D, previousVersion: number | null): Promise<boolean> {
    if (previousVersion === null) {
      try {
        await this.docs.insertOne(doc as OptionalUnlessRequiredId<D>, KEEP_ABSENT);
        return true;
      } catch (error) {
        if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
        throw error;
      }
    }
    // Keyed by _id with the version as a guard: a single-document compare-and-set.
    const result = await this.docs.replaceOne(
      { _id: doc._id, version: previousVersion } as MongoFilter<D>,
      doc,
      KEEP_ABSENT,
    );
    return result.matchedCount === 1;
  }

  async find(filter: Filter<D>): Promise<D[]> {
    // An index is an optimisation: a reader that may not create one (a read-only user) still reads.
    await this.indexed().catch(() => undefined);
    return (await this.docs.find(filter as MongoFilter<D>).toArray()) as D[];
  }

  async ensureIndex(field: keyof D & string): Promise<void> {
    await this.docs.createIndex({ [field]: 1 }, { name: field });
  }
}

export class MongoReadModelStore implements ReadModelStore {
  private readonly indexing = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly onClose: () => Promise<void> = () => Promise.resolve(),
  ) {}

  collection<D extends ReadModelDocument>(name: string): ReadModelCollection<D> {
    return new MongoReadModelCollection<D>(this.db.collection<D>(name), () => this.ensureIndexes(name));
  }

  /** The indexes `READ_MODEL_INDEXES` lists for a collection, once per process (a failure is retried). */
  ensureIndexes(name: string): Promise<void> {
    let pending = this.indexing.get(name);
    if (!pending) {
      const collection = this.db.collection(name);
      pending = Promise.all(
        indexesOf(name).map((field) => collection.createIndex({ [field]: 1 }, { name: field })),
      ).then(() => undefined);
      pending.catch(() => this.indexing.delete(name));
      this.indexing.set(name, pending);
    }
    return pending;
  }

  /** Renames the built collection over the live one: the old one keeps serving until then. */
  async swap(built: string, live: string): Promise<void> {
    this.indexing.delete(live);
    const exists = await this.db.listCollections({ name: built }, { nameOnly: true }).hasNext();
    if (!exists) await this.db.createCollection(built);
    try {
      await this.db.collection(built).rename(live, { dropTarget: true });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.codeName === 'NotImplemented')) throw error;
      // FerretDB 1.24 cannot rename over a collection: move the live one aside first. Readers see
      // no collection for the moment between the two renames (MongoDB's rename is atomic).
      const retired = `${live}__retired`;
      await this.drop(retired);
      const hadLive = await this.db.listCollections({ name: live }, { nameOnly: true }).hasNext();
      if (hadLive) await this.db.collection(live).rename(retired);
      try {
        await this.db.collection(built).rename(live);
      } catch (renameError) {
        if (hadLive) await this.db.collection(retired).rename(live);
        throw renameError;
      }
      await this.drop(retired);
    }
  }

  async drop(collection: string): Promise<void> {
    this.indexing.delete(collection);
    await this.db
      .collection(collection)
      .drop()
      .catch((error: unknown) => {
        // Dropping what is not there is fine: the goal is its absence.
        if (!(error instanceof MongoServerError && error.codeName === 'NamespaceNotFound')) throw error;
      });
  }

  close(): Promise<void> {
    return this.onClose();
  }
}
