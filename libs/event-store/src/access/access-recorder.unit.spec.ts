import type { AccessEntry } from '@casetrail/domain';
import { LocalEventStore } from '../local/local-event-store';
import type { AppendResult, EventStore, EventToAppend } from '../event-store.port';
import { AccessLogUnavailableError, AccessRecorder } from './access-recorder';

const entry = (n: number, overrides: Partial<AccessEntry> = {}): AccessEntry => ({
  actor: { id: `worker-${n}`, role: 'case_manager' },
  route: 'GET /cases/:caseId',
  outcome: 'granted',
  denial: null,
  cases: [{ caseId: `case-${n}`, teamId: 'team-1', programId: null }],
  reason: null,
  emergencyUntil: null,
  at: '2026-03-01T10:00:00.000Z',
  correlationId: `corr-${n}`,
  ...overrides,
});

/** Counts commits, and can be told to fail the next ones, or to fail after writing. */
class ProbedStore implements EventStore {
  readonly holesPassed = 0;
  readonly inner = LocalEventStore.inMemory();
  commits: number[] = [];
  failNext = 0;
  failAfterWriteNext = 0;

  async append(streamId: string, expectedVersion: number, events: readonly EventToAppend[]) {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('database down');
    }
    // Yield first, so that concurrent callers pile up behind the in-flight append.
    await new Promise((resolve) => setImmediate(resolve));
    const result = await this.inner.append(streamId, expectedVersion, events);
    this.commits.push(events.length);
    if (this.failAfterWriteNext > 0) {
      this.failAfterWriteNext--;
      throw new Error('timed out waiting for the acknowledgement');
    }
    return result;
  }
  readStream(streamId: string, fromVersion?: number) {
    return this.inner.readStream(streamId, fromVersion);
  }
  readAll(after: number, limit: number) {
    return this.inner.readAll(after, limit);
  }
  headPosition() {
    return this.inner.headPosition();
  }
  close() {
    return this.inner.close();
  }
}

describe('AccessRecorder', () => {
  it('writes to its own access stream, stamped like every event', async () => {
    const store = new ProbedStore();
    const recorder = new AccessRecorder(store, { instanceId: 'i-1' });
    await recorder.record(
      entry(1, { reason: 'Ada in crisis', outcome: 'emergency', emergencyUntil: '2026-03-01T11:00:00.000Z' }),
    );
    expect(recorder.streamId).toBe('access-i-1');
    const [event] = await store.readStream('access-i-1');
    expect(event).toMatchObject({
      type: 'CaseRecordsAccessed',
      schemaVersion: 1,
      streamId: 'access-i-1',
      version: 1,
      occurredAt: '2026-03-01T10:00:00.000Z',
      recordedAt: '2026-03-01T10:00:00.000Z',
      actor: { id: 'worker-1', role: 'case_manager' },
      correlationId: 'corr-1',
      causationId: 'corr-1',
      data: { outcome: 'emergency', emergencyUntil: '2026-03-01T11:00:00.000Z' },
      pii: { reason: 'Ada in crisis' },
    });
    expect(event?.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives each process a stream of its own', () => {
    const store = new ProbedStore();
    expect(new AccessRecorder(store).streamId).not.toBe(new AccessRecorder(store).streamId);
  });

  it('group-commits concurrent records: far fewer commits than records, and every one resolves', async () => {
    const store = new ProbedStore();
    const recorder = new AccessRecorder(store);
    await Promise.all(Array.from({ length: 200 }, (_, i) => recorder.record(entry(i))));
    expect(store.commits.reduce((a, b) => a + b, 0)).toBe(200);
    // The first goes alone (nothing to wait for); everything that arrived meanwhile goes next.
    expect(store.commits).toEqual([1, 199]);
    const stream = await store.readStream(recorder.streamId);
    expect(stream.map((e) => e.version)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('never puts more than maxBatch entries in one commit', async () => {
    const store = new ProbedStore();
    const recorder = new AccessRecorder(store, { maxBatch: 50 });
    await Promise.all(Array.from({ length: 151 }, (_, i) => recorder.record(entry(i))));
    expect(store.commits).toEqual([1, 50, 50, 50]);
  });

  it('rejects every waiter of a failed commit with AccessLogUnavailableError, and recovers', async () => {
    const store = new ProbedStore();
    const recorder = new AccessRecorder(store);
    const failedStream = recorder.streamId;
    const inFlight = recorder.record(entry(0));
    // The five queue behind the append in flight, and go in one commit, which fails.
    store.failNext = 1;
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => recorder.record(entry(i + 1))),
    );
    await inFlight;
    expect(store.commits).toEqual([1]);
    expect(results.map((r) => r.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
    ]);
    for (const result of results) {
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(AccessLogUnavailableError);
    }
    await recorder.record(entry(9));
    // The next commit starts a fresh stream: the old one's version is in doubt.
    expect(recorder.streamId).not.toBe(failedStream);
    expect((await store.readStream(failedStream)).map((e) => e.actor.id)).toEqual(['worker-0']);
    expect((await store.readStream(recorder.streamId)).map((e) => [e.version, e.actor.id])).toEqual([
      [1, 'worker-9'],
    ]);
  });

  it('says nothing about the client in its error', async () => {
    const store = new ProbedStore();
    store.failNext = 1;
    const recorder = new AccessRecorder(store);
    const error = await recorder.record(entry(1, { reason: 'Ada Moss' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessLogUnavailableError);
    expect((error as Error).message).not.toMatch(/Ada|case-1|worker-1/);
  });

  it('moves to a fresh stream when a failed append landed after all, instead of failing for ever', async () => {
    const store = new ProbedStore();
    const recorder = new AccessRecorder(store);
    await recorder.record(entry(0));
    const first = recorder.streamId;
    store.failAfterWriteNext = 1;
    await expect(recorder.record(entry(1))).rejects.toBeInstanceOf(AccessLogUnavailableError);
    await recorder.record(entry(2));
    await recorder.record(entry(3));
    expect((await store.readStream(first)).map((e) => e.actor.id)).toEqual(['worker-0', 'worker-1']);
    const second = await store.readStream(recorder.streamId);
    expect(second.map((e) => [e.streamId, e.version, e.actor.id])).toEqual([
      [recorder.streamId, 1, 'worker-2'],
      [recorder.streamId, 2, 'worker-3'],
    ]);
  });

  it('never reads a stream back: a commit needs one append and nothing else', async () => {
    const store = new ProbedStore();
    const reads = jest.spyOn(store, 'readStream');
    const recorder = new AccessRecorder(store);
    store.failNext = 1;
    await expect(recorder.record(entry(1))).rejects.toBeInstanceOf(AccessLogUnavailableError);
    await Promise.all([2, 3, 4].map((n) => recorder.record(entry(n))));
    expect(reads).not.toHaveBeenCalled();
  });

  it('rejects an invalid entry at once, without touching the others', async () => {
    const store = new ProbedStore();
    const recorder = new AccessRecorder(store);
    const bad = recorder.record(entry(1, { outcome: 'denied' }));
    const good = recorder.record(entry(2));
    await expect(bad).rejects.toBeInstanceOf(RangeError);
    await expect(good).resolves.toBeUndefined();
  });

  it('tells its listener about each commit, and a failing listener fails no record', async () => {
    const store = new ProbedStore();
    const seen: AppendResult[] = [];
    const recorder = new AccessRecorder(store, {
      onAppended: (result) => {
        seen.push(result);
        throw new Error('listener broke');
      },
    });
    await Promise.all([recorder.record(entry(1)), recorder.record(entry(2)), recorder.record(entry(3))]);
    expect(seen.map((r) => r.nextExpectedVersion)).toEqual([1, 3]);
  });

  it('waits for queued records on close, then refuses new ones', async () => {
    const store = new ProbedStore();
    const recorder = new AccessRecorder(store);
    const pending = [recorder.record(entry(1)), recorder.record(entry(2))];
    await recorder.close();
    await expect(Promise.all(pending)).resolves.toBeDefined();
    await expect(recorder.record(entry(3))).rejects.toBeInstanceOf(AccessLogUnavailableError);
  });

  it('refuses a record whose commit does not come in time, and carries on once the store answers', async () => {
    const store = new ProbedStore();
    let release: () => void = () => undefined;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    const append = store.append.bind(store);
    let stall = true;
    store.append = async (...args) => {
      if (stall) await stalled;
      return append(...args);
    };
    const recorder = new AccessRecorder(store, { timeoutMs: 50 });
    const first = recorder.record(entry(1));
    await expect(first).rejects.toBeInstanceOf(AccessLogUnavailableError);
    stall = false;
    release();
    await recorder.record(entry(2));
    // The refused one landed after all, before the next: recorded but not answered.
    expect((await store.readStream(recorder.streamId)).map((e) => e.actor.id)).toEqual([
      'worker-1',
      'worker-2',
    ]);
  });
});
