import {
  MongoServerError,
  type Collection,
  type Db,
  type Filter as MongoFilter,
  type OptionalUnlessRequiredId,
} from 'mongodb';
import type { Filter, ReadModelCollection, ReadModelDocument, ReadModelStore } from './read-model-store.port';

const DUPLICATE_KEY = 11000;

class MongoReadModelCollection<D extends ReadModelDocument> implements ReadModelCollection<D> {
  constructor(private readonly docs: Collection<D>) {}

  async get(id: string): Promise<D | null> {
    return (await this.docs.findOne({ _id: id } as MongoFilter<D>)) as D | null;
  }

  async put(doc: D, previousVersion: number | null): Promise<boolean> {
    if (previousVersion === null) {
      try {
        await this.docs.insertOne(doc as OptionalUnlessRequiredId<D>);
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
    );
    return result.matchedCount === 1;
  }

  async find(filter: Filter<D>): Promise<D[]> {
    return (await this.docs.find(filter as MongoFilter<D>).toArray()) as D[];
  }

  async clear(): Promise<void> {
    await this.docs.deleteMany({});
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

  close(): Promise<void> {
    return this.onClose();
  }
}
