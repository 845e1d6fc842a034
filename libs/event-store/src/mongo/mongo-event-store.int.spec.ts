import { randomUUID } from 'node:crypto';
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { openTestDatabase } from '../../../../test/support/mongo';
import { describeEventStoreContract, pendingEvent } from '../testing/event-store.contract';
import { MongoEventStore, PAGE_SIZE, type PassedHole } from './mongo-event-store';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

const fresh = () => new MongoEventStore(database.db, `events_${randomUUID().slice(0, 8)}`).init();

describeEventStoreContract('MongoDB', fresh);

describe('MongoEventStore', () => {
  it('upcasts what it reads, by stream and from the log, and leaves the stored commit as it was', async () => {
    const name = `events_${randomUUID().slice(0, 8)}`;
    const store = await new MongoEventStore(database.db, name, {
      upcast: (e) => (e.schemaVersion === 1 ? { ...e, schemaVersion: 2, data: { lifted: e.data } } : e),
    }).init();
    await store.append('case-u', 0, [pendingEvent('case-u', 'Noted', { n: 1 })]);
    expect((await store.readStream('case-u'))[0]).toMatchObject({
      schemaVersion: 2,
      data: { lifted: { n: 1 } },
    });
    expect((await store.readAll(0, 10)).events[0]).toMatchObject({ schemaVersion: 2 });
    const asStored = new MongoEventStore(database.db, name);
    expect((await asStored.readAll(0, 10)).events[0]).toMatchObject({ schemaVersion: 1, data: { n: 1 } });
  });

  it('sees commits made by another process (another store instance) and claims after them', async () => {
    const name = `events_${randomUUID().slice(0, 8)}`;
    const a = await new MongoEventStore(database.db, name).init();
    const b = await new MongoEventStore(database.db, name).init();
    await a.append('case-a', 0, [pendingEvent('case-a'), pendingEvent('case-a')]);
    await b.append('case-b', 0, [pendingEvent('case-b')]);
    await a.append('case-a', 2, [pendingEvent('case-a')]);
    expect((await b.readAll(0, 10)).events.map((e) => [e.streamId, e.position])).toEqual([
      ['case-a', 1],
      ['case-a', 2],
      ['case-b', 3],
      ['case-a', 4],
    ]);
  });

  it('rejects an append at a head this instance saw but another instance has since moved', async () => {
    const name = `events_${randomUUID().slice(0, 8)}`;
    const a = await new MongoEventStore(database.db, name).init();
    const b = await new MongoEventStore(database.db, name).init();
    await a.append('case-s', 0, [pendingEvent('case-s')]);
    await b.append('case-s', 1, [pendingEvent('case-s'), pendingEvent('case-s')]);
    const error = await a.append('case-s', 1, [pendingEvent('case-s')]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'WrongExpectedVersionError', expectedVersion: 1, actualVersion: 3 });
    expect((await a.readStream('case-s')).map((e) => e.version)).toEqual([1, 2, 3]);
  });

  it('reads across page boundaries, also when a commit straddles one', async () => {
    const store = await fresh();
    const big = Array.from({ length: 1000 }, () => pendingEvent('case-big'));
    await store.append('case-big', 0, big);
    await store.append('case-big', 1000, [...big.slice(0, 30)]);
    await store.append('case-next', 0, [pendingEvent('case-next')]);
    expect(await store.headPosition()).toBe(1031);
    const tail = await store.readAll(PAGE_SIZE - 2, 5);
    expect(tail.events.map((e) => e.position)).toEqual([1023, 1024, 1025, 1026, 1027]);
    const last = await store.readAll(1029, 10);
    expect(last.events.map((e) => [e.streamId, e.position])).toEqual([
      ['case-big', 1030],
      ['case-next', 1031],
    ]);
  });

  it('stores a commit as one document, so it is written whole or not at all', async () => {
    const name = `events_${randomUUID().slice(0, 8)}`;
    const store = await new MongoEventStore(database.db, name).init();
    await store.append(
      'case-whole',
      0,
      Array.from({ length: 20 }, () => pendingEvent('case-whole')),
    );
    const docs = await database.db.collection(name).find({}).toArray();
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ _id: 1, sv: 'case-whole@1', fromVersion: 1, toVersion: 20, count: 20 });
  });

  it('keeps positions gapless when several store instances race for the same slots', async () => {
    const name = `events_${randomUUID().slice(0, 8)}`;
    const instances = await Promise.all([1, 2, 3].map(() => new MongoEventStore(database.db, name).init()));
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const stream = `case-${i}`;
        return instances[i % 3]!.append(stream, 0, [pendingEvent(stream), pendingEvent(stream)]);
      }),
    );
    const all = await instances[0]!.readAll(0, 1000);
    expect(all.events.map((e) => e.position)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(new Set(all.events.map((e) => e.streamId)).size).toBe(30);
  });

  it('tails the log past commits another instance made, by `_id` steps and then pages, and knows its head', async () => {
    const name = `events_${randomUUID().slice(0, 8)}`;
    const writer = await new MongoEventStore(database.db, name).init();
    const tailer = await new MongoEventStore(database.db, name).init();
    expect(await tailer.readAll(0, 100)).toEqual({ events: [], checkpoint: 0 });
    // More commits than one round of steps, so one read also falls back to reading pages.
    for (let i = 0; i < 70; i++) await writer.append(`case-${i}`, 0, [pendingEvent(`case-${i}`)]);
    expect(await tailer.headPosition()).toBe(70);
    const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    expect((await tailer.readAll(0, 100)).events.map((e) => e.position)).toEqual(upTo(70));
    const seen: number[] = [];
    for (let checkpoint = 0; ;) {
      const page = await tailer.readAll(checkpoint, 7);
      if (page.events.length === 0) break;
      seen.push(...page.events.map((e) => e.position));
      checkpoint = page.checkpoint;
    }
    expect(seen).toEqual(upTo(70));
    await writer.append('case-late', 0, [pendingEvent('case-late'), pendingEvent('case-late')]);
    expect((await tailer.readAll(70, 100)).events.map((e) => e.position)).toEqual([71, 72]);
    expect(await tailer.headPosition()).toBe(72);
  });

  it('lets a caught-up reader see new commits and the head without reading a page of the log', async () => {
    const name = `events_${randomUUID().slice(0, 8)}`;
    const monitored = await new MongoClient(process.env.MONGODB_URI!, { monitorCommands: true }).connect();
    try {
      const writer = await new MongoEventStore(database.db, name).init();
      const reader = await new MongoEventStore(monitored.db(database.db.databaseName), name).init();
      for (let i = 0; i < 5; i++) await writer.append(`case-${i}`, 0, [pendingEvent(`case-${i}`)]);
      const first = await reader.readAll(0, 100);
      expect(first.checkpoint).toBe(5);
      const pageReads: unknown[] = [];
      monitored.on('commandStarted', (event: CommandStartedEvent) => {
        const filter = (event.command as { filter?: Record<string, unknown> }).filter;
        if (event.commandName === 'find' && filter && 'page' in filter) pageReads.push(filter);
      });
      expect(await reader.readAll(first.checkpoint, 100)).toEqual({ events: [], checkpoint: 5 });
      await writer.append('case-new', 0, [pendingEvent('case-new')]);
      expect((await reader.readAll(first.checkpoint, 100)).events.map((e) => e.position)).toEqual([6]);
      expect(await reader.headPosition()).toBe(6);
      expect(pageReads).toEqual([]);
    } finally {
      await monitored.close();
    }
  });

  describe('a hole in the log (a commit document deleted, or lost by the database)', () => {
    const drain = async (store: MongoEventStore, from = 0) => {
      const seen: number[] = [];
      for (let checkpoint = from; ;) {
        const page = await store.readAll(checkpoint, 4);
        seen.push(...page.events.map((e) => e.position));
        if (page.checkpoint === checkpoint) return { seen, checkpoint };
        checkpoint = page.checkpoint;
      }
    };

    const withHole = async () => {
      const name = `events_${randomUUID().slice(0, 8)}`;
      const writer = await new MongoEventStore(database.db, name).init();
      for (let i = 1; i <= 6; i++) await writer.append(`case-${i}`, 0, [pendingEvent(`case-${i}`)]);
      // Position 3 (case-3's only commit) goes missing.
      await database.db.collection<{ _id: number }>(name).deleteOne({ _id: 3 });
      return { name, writer };
    };

    it('is waited out, then passed with a record of it, said once, and the rest of the log delivered', async () => {
      const { name } = await withHole();
      let clock = 1_000_000;
      const passed: PassedHole[] = [];
      const reader = await new MongoEventStore(database.db, name, {
        holeWaitMs: 5000,
        holeProbeMs: 0,
        now: () => clock,
        onHolePassed: (hole) => passed.push(hole),
      }).init();
      // Within the wait, the reader stops before the hole, whether it steps or reads pages.
      expect(await drain(reader)).toEqual({ seen: [1, 2], checkpoint: 2 });
      clock += 4999;
      expect(await drain(reader, 2)).toEqual({ seen: [], checkpoint: 2 });
      expect(passed).toEqual([]);
      clock += 1;
      expect(await drain(reader, 2)).toEqual({ seen: [4, 5, 6], checkpoint: 6 });
      expect(passed).toEqual([
        expect.objectContaining({ from: 3, to: 4, waitedMs: 5000, reason: expect.stringContaining('3..3') }),
      ]);
      expect(reader.holesPassed).toBe(1);
      // The fact is in the log itself, where every reader finds it.
      const recorded = await database.db.collection(name).findOne({ _id: 3 as never });
      expect(recorded).toMatchObject({ count: 1, events: [], hole: { from: 3, to: 4 } });
      // Another reader, even one that never waits, passes it at once, and says nothing.
      const other = await new MongoEventStore(database.db, name, { holeWaitMs: 60_000 }).init();
      expect((await drain(other)).seen).toEqual([1, 2, 4, 5, 6]);
      expect(other.holesPassed).toBe(0);
    });

    it('is found by a reader at the log end that cannot see past it by stepping', async () => {
      const { name } = await withHole();
      let clock = 0;
      const reader = await new MongoEventStore(database.db, name, {
        holeWaitMs: 100,
        holeProbeMs: 1000,
        now: () => clock,
      }).init();
      expect((await reader.readAll(0, 100)).checkpoint).toBe(2);
      // Caught up as far as it can see: it steps, finds nothing at 3, and only looks past it later.
      expect((await reader.readAll(2, 100)).checkpoint).toBe(2);
      clock += 1000;
      expect((await reader.readAll(2, 100)).checkpoint).toBe(2); // found now; waited from here
      clock += 100;
      expect((await reader.readAll(2, 100)).events.map((e) => e.position)).toEqual([4, 5, 6]);
    });

    it('keeps a late claim of a passed position out: it lands at the end of the log, in order', async () => {
      const name = `events_${randomUUID().slice(0, 8)}`;
      // `stale` wrote positions 1-2 and has not looked since: its next claim goes to position 3.
      const stale = await new MongoEventStore(database.db, name).init();
      const other = await new MongoEventStore(database.db, name).init();
      for (const i of [1, 2]) await stale.append(`case-${i}`, 0, [pendingEvent(`case-${i}`)]);
      for (const i of [3, 4, 5, 6]) await other.append(`case-${i}`, 0, [pendingEvent(`case-${i}`)]);
      await database.db.collection<{ _id: number }>(name).deleteOne({ _id: 3 });
      const reader = await new MongoEventStore(database.db, name, { holeWaitMs: 0, holeProbeMs: 0 }).init();
      expect((await drain(reader)).seen).toEqual([1, 2, 4, 5, 6]);
      const late = await stale.append('case-late', 0, [pendingEvent('case-late')]);
      expect(late.lastPosition).toBe(7);
      expect((await reader.readAll(6, 100)).events.map((e) => [e.streamId, e.position])).toEqual([
        ['case-late', 7],
      ]);
    });
  });
});
