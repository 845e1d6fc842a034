import { randomUUID } from 'node:crypto';
import type { MongoClient } from 'mongodb';
import { openTestDatabase } from '../../../../test/support/mongo';
import { describeReadModelStoreContract } from '../testing/read-model-store.contract';
import { MongoReadModelStore } from './mongo-read-model-store';
import { READ_MODEL_INDEXES } from './read-model-indexes';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
const extra: MongoClient[] = [];
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  for (const name of await database.client
    .db()
    .admin()
    .listDatabases({ nameOnly: true })
    .then((r) => r.databases)) {
    if (name.name.startsWith('ct_rm_')) await database.client.db(name.name).dropDatabase();
  }
  await Promise.all(extra.map((c) => c.close()));
  await database.drop();
});

describeReadModelStoreContract('MongoDB', () =>
  Promise.resolve(new MongoReadModelStore(database.client.db(`ct_rm_${randomUUID().slice(0, 8)}`))),
);

describe('MongoReadModelStore indexes', () => {
  it('creates the indexes READ_MODEL_INDEXES lists for a collection before its first query', async () => {
    const db = database.client.db(`ct_rm_${randomUUID().slice(0, 8)}`);
    const store = new MongoReadModelStore(db);
    await store.collection<{ _id: string; version: number; caseManagerId: string }>('caseloads').find({
      caseManagerId: 'cm-1',
    });
    const names = (await db.collection('caseloads').indexes()).map((index) => index.name);
    expect(names).toEqual(expect.arrayContaining(['_id_', ...READ_MODEL_INDEXES.caseloads!]));
  });
});
