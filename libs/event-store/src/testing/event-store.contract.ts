import { randomUUID } from 'node:crypto';
import {
  WrongExpectedVersionError,
  type EventStore,
  type EventToAppend,
  type StoredEvent,
} from '../event-store.port';
import { eventHash } from '../chain/hash-chain';

export const pendingEvent = (streamId: string, type = 'Noted', data: unknown = { n: 1 }): EventToAppend => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  streamId,
  occurredAt: '2026-03-01T10:00:00.000Z',
  recordedAt: '2026-03-01T10:05:00.000Z',
  actor: { id: 'worker-1', role: 'case_manager' },
  correlationId: 'corr-1',
  causationId: 'cmd-1',
  data,
  pii: { note: 'free text about the client' },
});

const drain = async (store: EventStore, after = 0, limit = 7): Promise<StoredEvent[]> => {
  const all: StoredEvent[] = [];
  for (let checkpoint = after; ;) {
    const page = await store.readAll(checkpoint, limit);
    if (page.events.length === 0) return all;
    all.push(...page.events);
    checkpoint = page.checkpoint;
  }
};

/** One suite, every adapter: the guarantees callers rely on, not how an adapter keeps them. */
export const describeEventStoreContract = (
  name: string,
  open: () => Promise<EventStore>,
  options: { concurrency?: number } = {},
) => {
  const concurrency = options.concurrency ?? 50;

  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('appends to a new stream at expected version 0 and numbers versions and positions from 1', async () => {
      const s = `case-${randomUUID()}`;
      const result = await store.append(s, 0, [pendingEvent(s, 'A'), pendingEvent(s, 'B')]);
      expect(result.nextExpectedVersion).toBe(2);
      expect(result.events.map((e) => [e.version, e.position])).toEqual([
        [1, 1],
        [2, 2],
      ]);
      expect(await store.headPosition()).toBe(2);
    });

    it('keeps every field of an event as appended', async () => {
      const s = `case-${randomUUID()}`;
      const event = pendingEvent(s, 'A', { nested: { list: [1, 'two', null] }, flag: true });
      await store.append(s, 0, [event]);
      const [read] = await store.readStream(s);
      expect(read).toEqual({ ...event, version: 1, position: 1, prevHash: null, hash: read!.hash });
    });

    it("hash-chains every stream: each event carries its own hash and its predecessor's, recomputable from what is stored", async () => {
      const a = `case-${randomUUID()}`;
      const b = `case-${randomUUID()}`;
      const appended = await store.append(a, 0, [pendingEvent(a, 'A1'), pendingEvent(a, 'A2')]);
      await store.append(b, 0, [pendingEvent(b, 'B1')]);
      await store.append(a, 2, [pendingEvent(a, 'A3')]);
      const read = await store.readStream(a);
      expect(read.map((e) => e.prevHash)).toEqual([null, read[0]!.hash, read[1]!.hash]);
      for (const event of read) {
        expect(event.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(event.hash).toBe(eventHash(event, event.prevHash ?? null));
      }
      expect(appended.events.map((e) => e.hash)).toEqual(read.slice(0, 2).map((e) => e.hash));
      const [first] = await store.readStream(b);
      expect(first!.prevHash).toBeNull();
      expect((await drain(store)).map((e) => e.hash)).toEqual(
        expect.arrayContaining([...read.map((e) => e.hash), first!.hash]),
      );
    });

    it('does not store the data subject an append names (the sealed value names its key)', async () => {
      const s = `case-${randomUUID()}`;
      await store.append(s, 0, [{ ...pendingEvent(s), dataSubject: 'client-1' }]);
      const [read] = await store.readStream(s);
      expect(read).not.toHaveProperty('dataSubject');
      expect(read!.hash).toBe(eventHash(read!, null));
    });

    it('leaves an absent optional field absent, never null', async () => {
      const s = `case-${randomUUID()}`;
      await store.append(s, 0, [
        pendingEvent(s, 'A', { kept: 1, absent: undefined, nested: { absent: undefined } }),
      ]);
      const [read] = await store.readStream(s);
      expect(read!.data).toStrictEqual({ kept: 1, nested: {} });
    });

    it('rejects a stale expected version with the actual one, and appends nothing', async () => {
      const s = `case-${randomUUID()}`;
      await store.append(s, 0, [pendingEvent(s), pendingEvent(s)]);
      for (const stale of [0, 1, 3]) {
        const error = await store.append(s, stale, [pendingEvent(s)]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId: s, expectedVersion: stale, actualVersion: 2 });
      }
      expect((await store.readStream(s)).map((e) => e.version)).toEqual([1, 2]);
      expect(await store.headPosition()).toBe(2);
    });

    it('rejects an empty append', async () => {
      await expect(store.append('case-x', 0, [])).rejects.toThrow(RangeError);
    });

    it('reads one stream in version order, from a version', async () => {
      const a = `case-${randomUUID()}`;
      const b = `case-${randomUUID()}`;
      await store.append(a, 0, [pendingEvent(a, 'A1')]);
      await store.append(b, 0, [pendingEvent(b, 'B1')]);
      await store.append(a, 1, [pendingEvent(a, 'A2'), pendingEvent(a, 'A3')]);
      expect((await store.readStream(a)).map((e) => e.type)).toEqual(['A1', 'A2', 'A3']);
      expect((await store.readStream(a, 2)).map((e) => e.version)).toEqual([2, 3]);
      expect(await store.readStream(`case-${randomUUID()}`)).toEqual([]);
    });

    it('reads all events in commit order from a checkpoint, also part-way through a commit', async () => {
      const a = `case-${randomUUID()}`;
      const b = `case-${randomUUID()}`;
      await store.append(a, 0, [pendingEvent(a, 'A1'), pendingEvent(a, 'A2'), pendingEvent(a, 'A3')]);
      await store.append(b, 0, [pendingEvent(b, 'B1')]);
      await store.append(a, 3, [pendingEvent(a, 'A4')]);
      const first = await store.readAll(0, 2);
      expect(first.events.map((e) => e.type)).toEqual(['A1', 'A2']);
      expect(first.checkpoint).toBe(2);
      const rest = await store.readAll(first.checkpoint, 100);
      expect(rest.events.map((e) => e.type)).toEqual(['A3', 'B1', 'A4']);
      expect(rest.events.map((e) => e.position)).toEqual([3, 4, 5]);
      const none = await store.readAll(5, 100);
      expect(none).toEqual({ events: [], checkpoint: 5 });
    });

    it(`lets exactly one of ${concurrency} concurrent appends at one expected version win`, async () => {
      const s = `case-${randomUUID()}`;
      await store.append(s, 0, [pendingEvent(s)]);
      const outcomes = await Promise.allSettled(
        Array.from({ length: concurrency }, () => store.append(s, 1, [pendingEvent(s), pendingEvent(s)])),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.every((o) => o.reason instanceof WrongExpectedVersionError)).toBe(true);
      expect((await store.readStream(s)).map((e) => e.version)).toEqual([1, 2, 3]);
      expect((await drain(store)).map((e) => e.position)).toEqual([1, 2, 3]);
      const read = await store.readStream(s);
      expect(read.map((e) => e.prevHash)).toEqual([null, read[0]!.hash, read[1]!.hash]);
    });

    it('gives concurrent appends to many streams distinct, gapless positions that a tailing reader sees once each', async () => {
      const streams = Array.from({ length: concurrency }, () => `case-${randomUUID()}`);
      const seen: StoredEvent[] = [];
      let writing = true;
      const tail = (async () => {
        let checkpoint = 0;
        while (writing || seen.length < streams.length * 3) {
          const page = await store.readAll(checkpoint, 5);
          seen.push(...page.events);
          checkpoint = page.checkpoint;
          if (page.events.length === 0) await new Promise((r) => setTimeout(r, 5));
        }
      })();
      await Promise.all(
        streams.map(async (s) => {
          await store.append(s, 0, [pendingEvent(s), pendingEvent(s)]);
          await store.append(s, 2, [pendingEvent(s)]);
        }),
      );
      writing = false;
      await tail;
      const total = streams.length * 3;
      expect(seen.map((e) => e.position)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      for (const s of streams) {
        const read = await store.readStream(s);
        expect(read.map((e) => e.version)).toEqual([1, 2, 3]);
        // Slots lost to racing appends moved commits to later positions; their links still hold.
        expect(read.map((e) => e.prevHash)).toEqual([null, read[0]!.hash, read[1]!.hash]);
        for (const event of read) expect(event.hash).toBe(eventHash(event, event.prevHash ?? null));
      }
      expect(await store.headPosition()).toBe(total);
    });

    it('lets each of many concurrent appends read its own events once it resolves (group commit acknowledges nothing early or late)', async () => {
      const streams = Array.from({ length: concurrency }, () => `case-${randomUUID()}`);
      const own = await Promise.all(
        streams.map(async (s) => {
          const result = await store.append(s, 0, [pendingEvent(s), pendingEvent(s)]);
          return { result, read: await store.readStream(s) };
        }),
      );
      for (const { result, read } of own) {
        expect(read.map((e) => e.eventId)).toEqual(result.events.map((e) => e.eventId));
        expect(read.map((e) => e.position)).toEqual(result.events.map((e) => e.position));
      }
      expect(new Set(own.flatMap(({ result }) => result.events.map((e) => e.position))).size).toBe(
        streams.length * 2,
      );
    });
  });
};
