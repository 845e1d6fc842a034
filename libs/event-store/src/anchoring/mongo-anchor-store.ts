import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { Anchor, AnchorStore } from './anchor';

const DUPLICATE_KEY = 11000;

type AnchorDocument = Omit<Anchor, 'n'> & { _id: number };

const fromDocument = ({ _id, ...rest }: AnchorDocument): Anchor => ({ n: _id, ...rest });

/**
 * External mode: collection `anchors`, `_id` = n. A unique `_id` insert is the one write FerretDB
 * makes atomic between processes: of two processes anchoring at once, one stores n, the other
 * learns that someone anchored and leaves it.
 */
export class MongoAnchorStore implements AnchorStore {
  private readonly anchors: Collection<AnchorDocument>;

  constructor(db: Db, collectionName = 'anchors') {
    this.anchors = db.collection<AnchorDocument>(collectionName);
  }

  async latest(): Promise<Anchor | null> {
    const [last] = await this.anchors.find({}).sort({ _id: -1 }).limit(1).toArray();
    return last ? fromDocument(last) : null;
  }

  async list(): Promise<{ anchors: Anchor[]; damaged: string[] }> {
    const docs = await this.anchors.find({}).toArray();
    return { anchors: docs.map(fromDocument).sort((a, b) => a.n - b.n), damaged: [] };
  }

  async insert(anchor: Anchor): Promise<boolean> {
    const { n, ...rest } = anchor;
    try {
      await this.anchors.insertOne({ _id: n, ...rest });
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }
}
