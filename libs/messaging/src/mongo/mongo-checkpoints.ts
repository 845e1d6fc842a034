import type { Collection, Db } from 'mongodb';
import type { CheckpointStore } from '../transport.port';

interface CheckpointDocument {
  _id: string;
  position: number;
}

export class MongoCheckpointStore implements CheckpointStore {
  private readonly checkpoints: Collection<CheckpointDocument>;
  constructor(db: Db, collectionName = 'checkpoints') {
    this.checkpoints = db.collection<CheckpointDocument>(collectionName);
  }
  async load(name: string): Promise<number> {
    return (await this.checkpoints.findOne({ _id: name }))?.position ?? 0;
  }
  async save(name: string, position: number): Promise<void> {
    await this.checkpoints.updateOne({ _id: name }, { $set: { position } }, { upsert: true });
  }
}
