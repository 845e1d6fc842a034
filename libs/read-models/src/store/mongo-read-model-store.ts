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

const DUPLICATE_KEY = 11000;
/** An absent optional field stays absent, as in memory; the driver would store null. */
const KEEP_ABSENT = { ignoreUndefined: true } as const;
/**
 * FerretDB 1.24 holds a PostgreSQL connection per operation of a bulk write until the bulk
 * ends; a bulk larger than its pool (50) deadlocks the server. Small chunks stay well clear.
 */
export const BULK_CHUNK = 20;

class MongoReadModelCollection<D extends ReadModelDocument> implements ReadModelCollection<D> {
  constructor(private readonly docs: Collection<D>) {}

  async get(id: string): Promise<D | null> {
    return (await this.docs.findOne({ _id: id } as MongoFilter<D>)) as D | null;
  }

  async getMany(ids: readonly string[]): Promise<D[]> {
    if (ids.length === 0) return [];
    return (await this.docs.find({ _id: { $in: ids } } as MongoFilter<D>).toArray()) as D[];
  }

  /**
   * On MongoDB each guarded write is atomic. FerretDB 1.24 applies an update as read-then-write
   * without a lock, so there the guard is exact only with one writer per document, which
   * the projector has: one case's events arrive on one partition, owned by one consumer.
   */
  async putMany(writes: readonly VersionedWrite<D>[]): Promise<string[]> {
    const lost: string[] = [];
    for (let i = 0; i < writes.length; i += BULK_CHUNK)
      lost.push(...(await this.putChunk(writes.slice(i, i + BULK_CHUNK))));
    return lost;
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
    return (await this.docs.find(filter as MongoFilter<D>).toArray()) as D[];
  }

  async ensureIndex(field: keyof D & string): Promise<void> {
    await this.docs.createIndex({ [field]: 1 }, { name: field });
  }
}

export class MongoReadModelStore implements ReadModelStore {
  constructor(
    private readonly db: Db,
    private readonly onClose: () => Promise<void> = () => Promise.resolve(),
  ) {}

  collection<D extends ReadModelDocument>(name: string): ReadModelCollection<D> {
    return new MongoReadModelCollection<D>(this.db.collection<D>(name));
  }

  /** Renames the built collection over the live one: the old one keeps serving until then. */
  async swap(built: string, live: string): Promise<void> {
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
