import { MongoServerError, type Collection, type Db } from 'mongodb';
import type { WrappedKey } from './key-management.port';
import type { ErasureRecord, MergeRecord } from './protection.port';
import {
  UnknownErasureError,
  type ErasureChanges,
  type KeyDoc,
  type ProtectionStore,
  type RotationMarker,
} from './protection-store.port';

const DUPLICATE_KEY = 11000;
const ROTATION_ID = 'rotation';

type KeyDocument = Omit<KeyDoc, 'kid' | 'caseIds'> & { _id: string; caseIds: string[] };
interface IndexDocument {
  _id: string;
  hash: string;
  clientId: string;
}
type ErasureDocument = ErasureRecord & { _id: string };
type MetaDocument = RotationMarker & { _id: string };
type MergeDocument = MergeRecord & { _id: string };

const isDuplicate = (error: unknown) => error instanceof MongoServerError && error.code === DUPLICATE_KEY;

const toKey = ({ _id, ...doc }: KeyDocument): KeyDoc => ({ ...doc, kid: _id });
const toErasure = ({ _id: _ignored, ...record }: ErasureDocument): ErasureRecord => record;
const toMerge = ({ _id: _ignored, ...record }: MergeDocument): MergeRecord => record;

/**
 * External mode: collections `keys` (_id = kid), `client-index` (_id = `<entry>|<clientId>`, `hash` and
 * `clientId` indexed), `erasures` (_id = clientId) and `protection-meta` (the rotation marker). Every hot
 * read is by `_id`, every write one document: FerretDB pushes only equality down and has no transactions.
 * Destroying a key overwrites its document without the wrapped bytes; the database's own files may keep
 * old row versions until it reclaims them (PostgreSQL's vacuum), as its backups keep them until they expire.
 */
export class MongoProtectionStore implements ProtectionStore {
  private readonly keys: Collection<KeyDocument>;
  private readonly index: Collection<IndexDocument>;
  private readonly erasures: Collection<ErasureDocument>;
  private readonly meta: Collection<MetaDocument>;
  private readonly merges: Collection<MergeDocument>;

  constructor(db: Db) {
    this.keys = db.collection('keys');
    this.index = db.collection('client-index');
    this.erasures = db.collection('erasures');
    this.meta = db.collection('protection-meta');
    this.merges = db.collection('client-merges');
  }

  async init(): Promise<this> {
    await this.index.createIndex({ hash: 1 });
    await this.index.createIndex({ clientId: 1 });
    await this.erasures.createIndex({ status: 1 });
    await this.merges.createIndex({ survivorClientId: 1 });
    return this;
  }

  async getKey(kid: string): Promise<KeyDoc | null> {
    const doc = await this.keys.findOne({ _id: kid });
    return doc ? toKey(doc) : null;
  }

  async createKey(doc: KeyDoc): Promise<KeyDoc> {
    const { kid, ...rest } = doc;
    try {
      await this.keys.insertOne({ ...rest, _id: kid, caseIds: [...doc.caseIds] });
      return doc;
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      const existing = await this.getKey(kid);
      if (!existing) throw error;
      return existing;
    }
  }

  async addCase(kid: string, caseId: string): Promise<void> {
    await this.keys.updateOne({ _id: kid }, { $addToSet: { caseIds: caseId } });
  }

  async rewrapKey(kid: string, fromKek: string, wrapped: WrappedKey): Promise<boolean> {
    const result = await this.keys.updateOne(
      { _id: kid, status: 'active', kek: fromKek },
      { $set: { kek: wrapped.kek, wrapped } },
    );
    return result.modifiedCount === 1;
  }

  async destroyKey(kid: string, at: string): Promise<void> {
    const doc = await this.keys.findOne({ _id: kid });
    if (!doc || (doc.status === 'erased' && doc.wrapped === null)) return;
    await this.keys.updateOne(
      { _id: kid },
      { $set: { status: 'erased', erasedAt: doc.erasedAt ?? at, kek: null, wrapped: null } },
    );
  }

  async keyIds(): Promise<readonly string[]> {
    const docs = await this.keys.find({}, { projection: { _id: 1 } }).toArray();
    return docs.map((d) => d._id);
  }

  async addIndexEntries(clientId: string, entries: readonly string[]): Promise<void> {
    for (const hash of entries) {
      try {
        await this.index.insertOne({ _id: `${hash}|${clientId}`, hash, clientId });
      } catch (error) {
        if (!isDuplicate(error)) throw error;
      }
    }
  }

  async findByEntry(entry: string): Promise<readonly string[]> {
    const docs = await this.index.find({ hash: entry }, { projection: { clientId: 1 } }).toArray();
    return docs.map((d) => d.clientId);
  }

  async removeIndexEntries(clientId: string): Promise<void> {
    const docs = await this.index.find({ clientId }, { projection: { _id: 1 } }).toArray();
    for (const d of docs) await this.index.deleteOne({ _id: d._id });
  }

  async insertErasure(record: ErasureRecord): Promise<ErasureRecord> {
    try {
      await this.erasures.insertOne({ ...record, caseIds: [...record.caseIds], _id: record.clientId });
      return record;
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      const existing = await this.getErasure(record.clientId);
      if (!existing) throw error;
      return existing;
    }
  }

  async getErasure(clientId: string): Promise<ErasureRecord | null> {
    const doc = await this.erasures.findOne({ _id: clientId });
    return doc ? toErasure(doc) : null;
  }

  async updateErasure(clientId: string, changes: ErasureChanges): Promise<ErasureRecord> {
    await this.erasures.updateOne({ _id: clientId }, { $set: changes });
    const doc = await this.getErasure(clientId);
    if (!doc) throw new UnknownErasureError(clientId);
    return doc;
  }

  async insertMerge(record: MergeRecord): Promise<MergeRecord> {
    try {
      await this.merges.insertOne({ ...record, caseIds: [...record.caseIds], _id: record.duplicateClientId });
      return record;
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      const existing = await this.getMerge(record.duplicateClientId);
      if (!existing) throw error;
      return existing;
    }
  }

  async getMerge(duplicateClientId: string): Promise<MergeRecord | null> {
    const doc = await this.merges.findOne({ _id: duplicateClientId });
    return doc ? toMerge(doc) : null;
  }

  /** Not by `_id`: read only by a client's record and its matches, never on a case's hot path. */
  async mergesInto(survivorClientId: string): Promise<readonly MergeRecord[]> {
    const docs = await this.merges.find({ survivorClientId }).toArray();
    return docs.map(toMerge).sort((a, b) => (a.mergedAt < b.mergedAt ? -1 : a.mergedAt > b.mergedAt ? 1 : 0));
  }

  async runningErasures(): Promise<readonly ErasureRecord[]> {
    return (await this.erasures.find({ status: 'running' }).toArray()).map(toErasure);
  }

  async getRotation(): Promise<RotationMarker | null> {
    const doc = await this.meta.findOne({ _id: ROTATION_ID });
    if (!doc) return null;
    const { _id: _ignored, ...marker } = doc;
    return marker;
  }

  async putRotation(marker: RotationMarker): Promise<void> {
    await this.meta.replaceOne({ _id: ROTATION_ID }, { ...marker }, { upsert: true });
  }

  compact(): Promise<void> {
    return Promise.resolve();
  }

  /** The database connection belongs to whoever opened it. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
