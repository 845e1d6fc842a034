import { LocalEventStore, type EventToAppend, type StoredEvent } from '@casetrail/event-store';
import { InMemoryCheckpointStore } from './local/in-memory-checkpoints';
import type { PublisherLease } from './lease.port';
import { LeaseLostError, Publisher } from './publisher';
import type { EventTransport } from './transport.port';

const event = (streamId: string): EventToAppend => ({
  type: 'ClientEngaged',
  occurredAt: '2026-01-01T00:00:00.000Z',
  data: {},
  pii: {},
  eventId: `${streamId}-e`,
  schemaVersion: 1,
  streamId,
  recordedAt: '2026-01-01T00:00:00.000Z',
  actor: { id: 'a', role: 'system' },
  correlationId: 'c',
  causationId: 'c',
});

const until = async (condition: () => boolean | Promise<boolean>) => {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

/** A transport that keeps the stream ids it was given, in order. */
const recordingTransport = () => {
  const sent: string[] = [];
  const transport = {
    publish: (events: readonly StoredEvent[]) => (
      sent.push(...events.map((e) => e.streamId)),
      Promise.resolve()
    ),
  } as unknown as EventTransport;
  return { sent, transport };
};

describe('Publisher', () => {
  const setUp = () => {
    const store = LocalEventStore.inMemory();
    const checkpoints = new InMemoryCheckpointStore();
    const loads = jest.spyOn(checkpoints, 'load');
    const sent: StoredEvent[] = [];
    let failNext = false;
    const transport = {
      publish: (events: readonly StoredEvent[]) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('broker down'));
        }
        sent.push(...events);
        return Promise.resolve();
      },
    } as unknown as EventTransport;
    const publisher = new Publisher(store, transport, checkpoints, { name: 'p', batchSize: 10, idleMs: 10 });
    return { store, publisher, loads, sent, checkpoints, failAfter: () => (failNext = true) };
  };

  it('reads its checkpoint once, then drains from where it saved it', async () => {
    const { store, publisher, loads, sent } = setUp();
    await store.append('a', 0, [event('a')]);
    expect(await publisher.drain()).toBe(1);
    await store.append('b', 0, [event('b')]);
    expect(await publisher.drain()).toBe(2);
    expect(await publisher.drain()).toBe(2);
    expect(sent.map((e) => e.streamId)).toEqual(['a', 'b']);
    expect(loads).toHaveBeenCalledTimes(1);
  });

  it("keeps a program's form versions off the transport, and moves past them", async () => {
    const { store, publisher, sent } = setUp();
    await store.append('a', 0, [event('a')]);
    await store.append('program-forms-prog-1', 0, [event('program-forms-prog-1')]);
    expect(await publisher.drain()).toBe(2);
    await store.append('program-forms-prog-1', 1, [{ ...event('program-forms-prog-1'), eventId: 'f-2' }]);
    expect(await publisher.drain()).toBe(3);
    expect(sent.map((e) => e.streamId)).toEqual(['a']);
  });

  it('reads the checkpoint again after a failed batch, and publishes that batch again', async () => {
    const { store, publisher, loads, sent, failAfter, checkpoints } = setUp();
    await store.append('a', 0, [event('a')]);
    await publisher.drain();
    await store.append('b', 0, [event('b')]);
    failAfter();
    await expect(publisher.drain()).rejects.toThrow('broker down');
    expect(await checkpoints.load('p')).toBe(1);
    expect(await publisher.drain()).toBe(2);
    expect(sent.map((e) => e.streamId)).toEqual(['a', 'b']);
    // Once at first, once for the test above, once after the failure.
    expect(loads).toHaveBeenCalledTimes(3);
  });

  it('ends a drain at a short batch, which reached the log’s end, without asking the log again', async () => {
    const { store, publisher } = setUp();
    const reads = jest.spyOn(store, 'readAll');
    await store.append('a', 0, [event('a')]);
    expect(await publisher.drain()).toBe(1);
    expect(reads).toHaveBeenCalledTimes(1);
    // A full batch (10) may have more behind it: the drain reads on until a short one.
    for (let i = 0; i < 12; i++) await store.append(`s-${i}`, 0, [event(`s-${i}`)]);
    reads.mockClear();
    expect(await publisher.drain()).toBe(13);
    expect(reads).toHaveBeenCalledTimes(2);
  });
});

describe('Publisher: its checkpoint while events keep coming', () => {
  const running = (idleMs: number) => {
    const store = LocalEventStore.inMemory();
    const checkpoints = new InMemoryCheckpointStore();
    const saves = jest.spyOn(checkpoints, 'save');
    const { sent, transport } = recordingTransport();
    let now = 0;
    const options = { name: 'p', batchSize: 10, idleMs, checkpointIntervalMs: 1000, now: () => now };
    const publisher = new Publisher(store, transport, checkpoints, options);
    const append = async (id: string) => {
      await store.append(id, 0, [event(id)]);
      publisher.notify();
      await until(() => sent.includes(id));
    };
    return {
      store,
      checkpoints,
      saves,
      sent,
      publisher,
      append,
      options,
      transport,
      tick: (ms: number) => (now += ms),
    };
  };

  it('saves at most once per interval, so an append does not cost a checkpoint write each', async () => {
    // Never idle within the test: only the interval decides.
    const { publisher, append, checkpoints, saves, tick } = running(60_000);
    publisher.start();
    await append('a');
    await until(async () => (await checkpoints.load('p')) === 1);
    await append('b');
    await append('c');
    expect(await checkpoints.load('p')).toBe(1);
    expect(publisher.publishedPosition).toBe(3);
    tick(1000);
    await append('d');
    await until(async () => (await checkpoints.load('p')) === 4);
    expect(saves).toHaveBeenCalledTimes(2);
    await publisher.stop();
  });

  it('saves what it published once it falls idle, and on stop', async () => {
    const idle = running(10);
    idle.publisher.start();
    await idle.append('a');
    await idle.append('b');
    await until(async () => (await idle.checkpoints.load('p')) === 2);
    await idle.publisher.stop();

    const busy = running(60_000);
    busy.publisher.start();
    await busy.append('a');
    await busy.append('b');
    await busy.publisher.stop();
    expect(await busy.checkpoints.load('p')).toBe(2);
  });

  it('after a crash, a new publisher sends again what was published but not yet saved: at least once, never lost', async () => {
    const { store, publisher, append, checkpoints, sent, options, transport } = running(60_000);
    publisher.start();
    await append('a');
    await append('b');
    expect(await checkpoints.load('p')).toBe(1);
    // The process dies here: no stop, no save. Its successor starts from the saved checkpoint.
    const successor = new Publisher(store, transport, checkpoints, options);
    expect(await successor.drain()).toBe(2);
    expect(sent).toEqual(['a', 'b', 'b']);
    await publisher.stop();
  });
});

describe('Publisher: with a lease, where several processes could publish', () => {
  /** One lease between publishers: whoever `grant` names holds it, as a real lease's term would say. */
  const sharedLease = () => {
    let holder: string | null = null;
    const leaseFor = (name: string): PublisherLease & { releases: number } => ({
      renewMs: 5,
      releases: 0,
      acquire() {
        holder ??= name;
        return Promise.resolve(holder === name);
      },
      held: () => holder === name,
      release() {
        this.releases++;
        if (holder === name) holder = null;
        return Promise.resolve();
      },
    });
    return { leaseFor, grant: (name: string | null) => (holder = name) };
  };

  const setUp = () => {
    const store = LocalEventStore.inMemory();
    const checkpoints = new InMemoryCheckpointStore();
    const { sent, transport } = recordingTransport();
    const { leaseFor, grant } = sharedLease();
    const held: Record<string, boolean[]> = { one: [], two: [] };
    const publisherFor = (name: 'one' | 'two') => {
      const lease = leaseFor(name);
      const publisher = new Publisher(store, transport, checkpoints, {
        name: 'p',
        batchSize: 10,
        idleMs: 5,
        checkpointIntervalMs: 0,
        lease,
        onLease: (h) => held[name]!.push(h),
      });
      return { publisher, lease };
    };
    return { store, sent, grant, held, publisherFor, checkpoints };
  };

  it('publishes each event once: only the holder sends, the other waits', async () => {
    const { store, sent, held, publisherFor } = setUp();
    const one = publisherFor('one');
    one.publisher.start();
    await until(() => held.one!.length > 0);
    const two = publisherFor('two');
    two.publisher.start();
    for (const id of ['a', 'b', 'c']) {
      await store.append(id, 0, [event(id)]);
      one.publisher.notify();
      two.publisher.notify();
    }
    await until(() => sent.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(held).toEqual({ one: [true], two: [] });
    expect(two.publisher.publishedPosition).toBeNull();
    await two.publisher.stop();
    await one.publisher.stop();
  });

  it('stops before the next batch when the lease is lost, and the new holder carries on from the checkpoint', async () => {
    const { store, sent, grant, held, publisherFor, checkpoints } = setUp();
    const one = publisherFor('one');
    const two = publisherFor('two');
    one.publisher.start();
    await until(() => held.one!.length > 0);
    two.publisher.start();
    await store.append('a', 0, [event('a')]);
    one.publisher.notify();
    await until(async () => (await checkpoints.load('p')) === 1);
    // `one` stalls past its term; `two` takes over. `one` must not send what `two` now sends.
    grant('two');
    await store.append('b', 0, [event('b')]);
    one.publisher.notify();
    two.publisher.notify();
    await until(() => sent.includes('b'));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sent).toEqual(['a', 'b']);
    expect(held.one).toEqual([true, false]);
    expect(held.two).toEqual([true]);
    await one.publisher.stop();
    await two.publisher.stop();
    expect(two.lease.releases).toBe(1);
  });
});

describe('Publisher: a drain longer than the lease window', () => {
  it('renews the lease between batches when due, instead of losing it to a slow read', async () => {
    // A lease as MongoLease keeps it: held for `window` after the last renewal, renewed by
    // `acquire` once `renewMs` has passed. Every read of the log takes longer than the window.
    let now = 0;
    let renewedAt = Number.NEGATIVE_INFINITY;
    const [renewMs, window] = [10, 20];
    const renewals: number[] = [];
    const lease: PublisherLease = {
      renewMs,
      acquire() {
        if (now - renewedAt >= renewMs) {
          renewedAt = now;
          renewals.push(now);
        }
        return Promise.resolve(true);
      },
      held: () => now - renewedAt < window,
      release: () => Promise.resolve(),
    };
    const inner = LocalEventStore.inMemory();
    const store = Object.assign(Object.create(inner) as typeof inner, {
      readAll: async (after: number, limit: number) => {
        const page = await inner.readAll(after, limit);
        now += window + 5;
        return page;
      },
    });
    for (const id of ['a', 'b', 'c', 'd', 'e']) await inner.append(id, 0, [event(id)]);
    const { sent, transport } = recordingTransport();
    const errors: unknown[] = [];
    const publisher = new Publisher(store, transport, new InMemoryCheckpointStore(), {
      name: 'p',
      batchSize: 2,
      idleMs: 5,
      now: () => now,
      lease,
      onError: (error) => errors.push(error),
    });
    publisher.start();
    await until(() => sent.length === 5);
    await publisher.stop();
    expect(sent).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(errors.filter((e) => e instanceof LeaseLostError)).toEqual([]);
    expect(renewals.length).toBeGreaterThan(1);
  });
});
