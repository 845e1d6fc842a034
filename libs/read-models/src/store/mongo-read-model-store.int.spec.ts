import { randomUUID } from 'node:crypto';
import type { MongoClient } from 'mongodb';
import { openTestDatabase } from '../../../../test/support/mongo';
import { describeReadModelStoreContract } from '../testing/read-model-store.contract';
import { MongoReadModelStore } from './mongo-read-model-store';

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
