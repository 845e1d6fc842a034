import { randomUUID } from 'node:crypto';
import { openTestDatabase } from '../../../../test/support/mongo';
import { MongoLease } from './mongo-lease';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('MongoLease', () => {
  const pair = () => {
    const collection = `leases_${randomUUID().slice(0, 8)}`;
    const clocks = { a: 0, b: 0 };
    const options = (who: 'a' | 'b') => ({
      ttlMs: 10_000,
      renewMs: 2_000,
      collection,
      now: () => clocks[who],
    });
    return {
      collection,
      clocks,
      a: new MongoLease(database.db, 'publisher', 'process-a', options('a')),
      b: new MongoLease(database.db, 'publisher', 'process-b', options('b')),
    };
  };

  it('is held by one process at a time, even when two ask at once', async () => {
    const { a, b } = pair();
    const [first, second] = await Promise.all([a.acquire(), b.acquire()]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(a.held() !== b.held()).toBe(true);
  });

  it('goes to a waiting process once the holder has stopped renewing for a term, and not before', async () => {
    const { a, b, clocks } = pair();
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false); // starts watching the holder's beat
    // The holder renews: its beat moves, so the watcher starts counting again.
    for (let i = 0; i < 5; i++) {
      clocks.a += 2_000;
      clocks.b += 2_000;
      expect(await a.acquire()).toBe(true);
      expect(await b.acquire()).toBe(false);
    }
    // The holder stalls (a pause, a partition, a kill): its own clock runs on, it cannot renew.
    clocks.a += 8_000;
    expect(a.held()).toBe(false); // stops publishing a renewal interval before anyone could take over
    clocks.b += 9_999;
    expect(await b.acquire()).toBe(false);
    clocks.b += 2;
    expect(await b.acquire()).toBe(true);
    // The old holder comes back: it finds the later term and knows it lost, whatever its clock says.
    clocks.a = clocks.b;
    expect(await a.acquire()).toBe(false);
    expect(a.held()).toBe(false);
  });

  it('is handed over at once when released', async () => {
    const { a, b } = pair();
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    await a.release();
    expect(a.held()).toBe(false);
    expect(await b.acquire()).toBe(true);
  });

  it('finds the latest term in a few lookups however many terms came before', async () => {
    const { collection } = pair();
    await database.db.collection<{ _id: string }>(collection).insertMany(
      Array.from({ length: 300 }, (_, i) => ({
        _id: `publisher#${i + 1}`,
        name: 'publisher',
        term: i + 1,
        holder: `old-${i}`,
        beat: 0,
        takenAt: '2026-01-01T00:00:00.000Z',
        releasedAt: '2026-01-01T00:00:01.000Z',
      })),
    );
    const finds: unknown[] = [];
    const lease = new MongoLease(database.db, 'publisher', 'newcomer', { collection });
    const spy = jest.spyOn(database.db.collection(collection).constructor.prototype, 'findOne');
    try {
      expect(await lease.acquire()).toBe(true);
      finds.push(...spy.mock.calls);
    } finally {
      spy.mockRestore();
    }
    expect(finds.length).toBeLessThan(25);
    expect(await database.db.collection(collection).findOne({ _id: 'publisher#301' as never })).toMatchObject(
      {
        holder: 'newcomer',
      },
    );
  });
});
