import { randomBytes, randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { LocalKeyManagement } from './local-key-management';
import { MongoProtectionStore } from './mongo-protection-store';
import { openProtection } from './protection';
import { describeProtectionStoreContract, erasureRequest } from './testing/protection-store.contract';

let client: MongoClient;
const databases: string[] = [];
beforeAll(async () => {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: the global setup provides it');
  client = await new MongoClient(uri).connect();
});
afterAll(async () => {
  for (const name of databases) await client.db(name).dropDatabase();
  await client.close();
});

/** The store's collection names are fixed, so each test gets a database of its own. */
const fresh = () => {
  const name = `ct_p_${randomUUID().slice(0, 8)}`;
  databases.push(name);
  return new MongoProtectionStore(client.db(name)).init();
};

describeProtectionStoreContract('MongoDB', fresh);

describe('MongoProtectionStore', () => {
  it('keeps only blind-index HMACs and wrapped keys: no name, date of birth or raw key in any document', async () => {
    const store = await fresh();
    const db = client.db(databases[databases.length - 1]);
    const protection = await openProtection({ store, kms: new LocalKeyManagement(randomBytes(32)) });
    await protection.prepareClient('c1', 'case-1', {
      givenName: 'Zephyrine',
      familyName: 'Quillfeather',
      dateOfBirth: '1987-06-05',
    });
    const raw = JSON.stringify(
      await Promise.all(['keys', 'client-index'].map((c) => db.collection(c).find({}).toArray())),
    );
    expect(raw).not.toMatch(/zephyrine|quillfeather|1987-06-05/i);
    expect(await protection.findClients({ givenName: 'zephyrine', familyName: 'QUILLFEATHER' })).toEqual([
      { clientId: 'c1', caseIds: ['case-1'] },
    ]);
    await protection.erasures.begin(erasureRequest('c1'));
    const record = await protection.erasures.destroy('c1', '2026-04-01T10:00:00.000Z');
    expect(record.destroyedAt).toBe('2026-04-01T10:00:00.000Z');
    expect(await db.collection('client-index').countDocuments({ clientId: 'c1' })).toBe(0);
    const key = await db.collection('keys').findOne({ _id: 'client/c1' as never });
    expect(key).toMatchObject({ status: 'erased', wrapped: null, caseIds: ['case-1'] });
  });
});
