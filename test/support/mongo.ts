import { randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';

/** A fresh database per test file, on the real MongoDB-wire server the global setup provided. */
export const openTestDatabase = async (): Promise<{ client: MongoClient; db: Db; drop(): Promise<void> }> => {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: the global setup provides it');
  const client = await new MongoClient(uri).connect();
  const db = client.db(`ct_test_${randomUUID().slice(0, 8)}`);
  return {
    client,
    db,
    drop: async () => {
      await db.dropDatabase();
      await client.close();
    },
  };
};
