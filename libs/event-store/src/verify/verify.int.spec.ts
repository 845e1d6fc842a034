import { createHmac, randomUUID } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { AnchorWriter, type AnchorMac } from '../anchoring/anchor';
import { MongoAnchorStore } from '../anchoring/mongo-anchor-store';
import { eventHash } from '../chain/hash-chain';
import type { StoredEvent } from '../event-store.port';
import { MongoEventStore } from '../mongo/mongo-event-store';
import { pendingEvent } from '../testing/event-store.contract';
import { mongoSource } from './sources';
import { verifyStore } from './verify';

const CLIENT_TEXT = 'Mr Mongoverify said where he lives';
const mac: AnchorMac = (bytes) => createHmac('sha256', 'test anchor key').update(bytes).digest();
const clock = () => '2026-03-02T09:00:00.000Z';
const event = (streamId: string, n: number) => ({
  ...pendingEvent(streamId, 'Noted', { n }),
  pii: { note: CLIENT_TEXT },
});

let client: MongoClient;
let db: Db;
beforeAll(async () => {
  client = await new MongoClient(process.env.MONGODB_URI!).connect();
  db = client.db(`ct_s_${randomUUID().slice(0, 8)}`);
});
afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

interface Commit {
  _id: number;
  events: StoredEvent[];
}

/** a@1 b@1 a@2 b@2 a@3 at positions 1..5, one commit each (_id = position), then anchor 1. */
const seeded = async (options: { tail?: string } = {}) => {
  const name = `events_${randomUUID().slice(0, 8)}`;
  const store = await new MongoEventStore(db, name).init();
  await store.append('case-a', 0, [event('case-a', 1)]);
  await store.append('case-b', 0, [event('case-b', 1)]);
  await store.append('case-a', 1, [event('case-a', 2)]);
  await store.append('case-b', 1, [event('case-b', 2)]);
  await store.append('case-a', 2, [event('case-a', 3)]);
  if (options.tail) await store.append(options.tail, 0, [event(options.tail, 1), event(options.tail, 2)]);
  const anchors = new MongoAnchorStore(db, `anchors_${name}`);
  await new AnchorWriter({ store, anchors, mac, clock }).anchor();
  const commits = db.collection<Commit>(name);
  const verify = () => verifyStore(mongoSource(db, name), { anchors, mac });
  return { name, store, commits, anchors, verify };
};

describe('verify over MongoDB', () => {
  it('passes a clean store, covered by its anchor', async () => {
    const { verify } = await seeded();
    expect(await verify()).toMatchObject({
      ok: true,
      streams: 2,
      events: 5,
      broken: [],
      holes: [],
      anchors: { checked: true, count: 1, through: 5, unanchoredEvents: 0, problems: [] },
    });
  });

  it('names the stream and version of an edited event', async () => {
    const { commits, verify } = await seeded();
    await commits.updateOne({ _id: 3 }, { $set: { 'events.0.data': { n: 99 } } });
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([{ streamId: 'case-a', version: 2, position: 3, reason: 'hash-mismatch' }]);
    expect(JSON.stringify(report)).not.toContain('Mongoverify');
  });

  it('reports a deleted commit: the version gap, the missing positions and the anchor over them', async () => {
    const { commits, verify } = await seeded();
    await commits.deleteOne({ _id: 3 });
    const report = await verify();
    expect(report.broken).toEqual([{ streamId: 'case-a', version: 3, position: 5, reason: 'version-gap' }]);
    expect(report.holes).toEqual([{ from: 3, to: 4, passed: false, reason: 'positions missing' }]);
    expect(report.anchors.problems).toEqual([{ n: 1, reason: 'digest-mismatch' }]);
  });

  it('reports a deleted commit that a reader has since passed as a hole', async () => {
    const { name, commits, verify } = await seeded();
    await commits.deleteOne({ _id: 3 });
    let now = 0;
    const reader = new MongoEventStore(db, name, { holeWaitMs: 10, now: () => now });
    // Seen at the log's end after a probe interval, then waited out: a few reads apart.
    for (let i = 0; i < 4 && reader.holesPassed === 0; i++, now += 1000) await reader.readAll(0, 100);
    expect(reader.holesPassed).toBe(1);
    const report = await verify();
    expect(report.holes).toEqual([
      { from: 3, to: 4, passed: true, reason: expect.stringContaining('3..3') as string },
    ]);
    expect(report.broken).toEqual([{ streamId: 'case-a', version: 3, position: 5, reason: 'version-gap' }]);
  });

  it('reports two events of one stream swapped between positions, as stored or renumbered to fit', async () => {
    const swapped = await seeded();
    const [first] = (await swapped.commits.findOne({ _id: 1 }))!.events;
    const [second] = (await swapped.commits.findOne({ _id: 3 }))!.events;
    await swapped.commits.updateOne({ _id: 1 }, { $set: { events: [second!] } });
    await swapped.commits.updateOne({ _id: 3 }, { $set: { events: [first!] } });
    const report = await swapped.verify();
    expect(report.broken).toContainEqual({
      streamId: 'case-a',
      version: 2,
      position: 3,
      reason: 'version-gap',
    });
    expect(report.anchors.problems).toEqual([{ n: 1, reason: 'digest-mismatch' }]);

    const renumbered = await seeded();
    const [one] = (await renumbered.commits.findOne({ _id: 1 }))!.events;
    const [two] = (await renumbered.commits.findOne({ _id: 3 }))!.events;
    await renumbered.commits.updateOne(
      { _id: 1 },
      { $set: { events: [{ ...two!, version: 1, position: 1 }] } },
    );
    await renumbered.commits.updateOne(
      { _id: 3 },
      { $set: { events: [{ ...one!, version: 2, position: 3 }] } },
    );
    expect((await renumbered.verify()).broken).toEqual([
      { streamId: 'case-a', version: 1, position: 1, reason: 'hash-mismatch' },
    ]);
  });

  it('reports a whole stream deleted before the last anchor', async () => {
    const { commits, verify } = await seeded({ tail: 'case-c' });
    await commits.deleteOne({ _id: 6 });
    const report = await verify();
    expect(report).toMatchObject({ ok: false, broken: [], holes: [], streams: 2 });
    expect(report.anchors.problems).toEqual([{ n: 1, reason: 'digest-mismatch' }]);
  });

  it('checks one stream with streamId', async () => {
    const { name, commits, anchors } = await seeded();
    await commits.updateOne({ _id: 2 }, { $set: { 'events.0.data': { n: 99 } } });
    const a = await verifyStore(mongoSource(db, name), { streamId: 'case-a', anchors, mac });
    expect(a).toMatchObject({ ok: true, streams: 1, events: 3, anchors: { checked: false } });
    const b = await verifyStore(mongoSource(db, name), { streamId: 'case-b', anchors, mac });
    expect(b.broken).toEqual([{ streamId: 'case-b', version: 1, position: 2, reason: 'hash-mismatch' }]);
  });

  it('links a commit that lost its slot and moved to a later position', async () => {
    const name = `events_${randomUUID().slice(0, 8)}`;
    const a = await new MongoEventStore(db, name).init();
    const b = await new MongoEventStore(db, name).init();
    await b.append('case-x', 0, [event('case-x', 1)]);
    await a.append('case-y', 0, [event('case-y', 1)]);
    // b still takes position 2 for the end of the log: it loses that slot and retries at 3.
    const moved = await b.append('case-x', 1, [event('case-x', 2)]);
    expect(moved.lastPosition).toBe(3);
    const read = await a.readStream('case-x');
    expect(read[1]!.prevHash).toBe(read[0]!.hash);
    expect(read[1]!.hash).toBe(eventHash(read[1]!, read[0]!.hash!));
    expect((await verifyStore(mongoSource(db, name))).ok).toBe(true);
  });

  it('keeps the chain linked when processes race for slots (commits moved to later positions)', async () => {
    const name = `events_${randomUUID().slice(0, 8)}`;
    const [a, b] = await Promise.all([
      new MongoEventStore(db, name).init(),
      new MongoEventStore(db, name).init(),
    ]);
    const streams = Array.from({ length: 12 }, (_, i) => `case-race-${i}`);
    await Promise.all(
      streams.map(async (s, i) => {
        const store = i % 2 === 0 ? a : b;
        await store.append(s, 0, [event(s, 1)]);
        await store.append(s, 1, [event(s, 2), event(s, 3)]);
        // The other instance has not seen this head: it reads it, hash included.
        await (i % 2 === 0 ? b : a).append(s, 3, [event(s, 4)]);
      }),
    );
    for (const s of streams) {
      const read = await a.readStream(s);
      expect(read.map((e) => e.prevHash)).toEqual([null, ...read.slice(0, -1).map((e) => e.hash)]);
      for (const e of read) expect(e.hash).toBe(eventHash(e, e.prevHash ?? null));
    }
    const anchors = new MongoAnchorStore(db, `anchors_${name}`);
    const [one, two] = await Promise.all([
      new AnchorWriter({ store: a, anchors, mac, clock }).anchor(),
      new AnchorWriter({ store: b, anchors, mac, clock }).anchor(),
    ]);
    // At most one of two racing writers stores anchor 1.
    expect([one, two].filter((x) => x?.n === 1).length).toBeLessThanOrEqual(1);
    expect((await anchors.list()).anchors.map((x) => x.n)).toEqual([1]);
    expect(await verifyStore(mongoSource(db, name), { anchors, mac })).toMatchObject({
      ok: true,
      events: streams.length * 4,
      anchors: { count: 1, through: streams.length * 4 },
    });
  });
});
