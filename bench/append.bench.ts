import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from 'mongodb';
import type { AccessEntry } from '@casetrail/domain';
import {
  AccessRecorder,
  LocalEventStore,
  MongoEventStore,
  type EventStore,
  type EventToAppend,
} from '@casetrail/event-store';
import { measure, perSecond, pool, type Measurement } from './support';

const event = (streamId: string): EventToAppend => ({
  eventId: randomUUID(),
  type: 'ContactRecorded',
  schemaVersion: 1,
  streamId,
  occurredAt: '2026-03-01T10:00:00.000Z',
  recordedAt: '2026-03-01T10:05:00.000Z',
  actor: { id: 'worker-1', role: 'case_manager' },
  correlationId: randomUUID(),
  causationId: randomUUID(),
  data: {
    contactId: randomUUID(),
    contactType: 'home_visit',
    participants: [{ kind: 'client' }],
    durationMinutes: 45,
  },
  pii: { summary: 'Client reports stable attendance at counseling; transport voucher used twice this week.' },
});

/**
 * Appends of one event each, to `streams` streams round-robin, so that stream reads
 * (the version check) see realistic stream lengths. `writers` appends in flight at once.
 */
const appendLoad = async (stores: readonly EventStore[], total: number, writers: number, streams: number) => {
  const versions = new Map<string, number>();
  const names = Array.from({ length: streams }, () => `case-${randomUUID()}`);
  const tasks = Array.from({ length: total }, (_, i) => async () => {
    const stream = names[i % streams]!;
    const version = versions.get(stream) ?? 0;
    versions.set(stream, version + 1);
    await stores[i % stores.length]!.append(stream, version, [event(stream)]);
  });
  // Same-stream appends must not race each other here: writers are fewer than streams.
  await pool(writers, tasks);
};

export const appendBenchmarks = async (db: Db, total: number): Promise<Measurement[]> => {
  const results: Measurement[] = [];
  const streams = 200;

  // Baseline: the same documents inserted bare, no version check, no slot claim.
  const bare = db.collection(`bench_bare_${randomUUID().slice(0, 8)}`);
  results.push(
    await measure('bare insertOne, 1 writer (baseline)', total, async () => {
      for (let i = 0; i < total; i++) await bare.insertOne({ _id: i + 1, events: [event('x')] } as never);
    }),
  );

  const oneWriter = await new MongoEventStore(db, `bench_events_${randomUUID().slice(0, 8)}`).init();
  results.push(
    await measure('MongoEventStore append, 1 writer', total, () =>
      appendLoad([oneWriter], total, 1, streams),
    ),
  );

  const shared = await new MongoEventStore(db, `bench_events_${randomUUID().slice(0, 8)}`).init();
  results.push(
    await measure('MongoEventStore append, 16 writers, 1 process', total, () =>
      appendLoad([shared], total, 16, streams),
    ),
  );

  const name = `bench_events_${randomUUID().slice(0, 8)}`;
  const racing = await Promise.all([1, 2, 3, 4].map(() => new MongoEventStore(db, name).init()));
  results.push(
    await measure('MongoEventStore append, 16 writers, 4 store instances racing', total, () =>
      appendLoad(racing, total, 16, streams),
    ),
  );

  const journal = LocalEventStore.journaled(mkdtempSync(join(tmpdir(), 'casetrail-bench-')));
  results.push(
    await measure('embedded journal append (fsync), 1 writer', total, () =>
      appendLoad([journal], total, 1, streams),
    ),
  );
  await journal.close();

  // The access log: every read records one entry; concurrent reads share commits (group commit).
  const readers = 64;
  const mongoAccess = await new MongoEventStore(db, `bench_events_${randomUUID().slice(0, 8)}`).init();
  results.push(
    await measure(`access recorder (MongoDB), ${readers} concurrent reads`, total, () =>
      recordLoad(new AccessRecorder(mongoAccess), total, readers),
    ),
  );
  const accessJournal = LocalEventStore.journaled(mkdtempSync(join(tmpdir(), 'casetrail-bench-')));
  results.push(
    await measure(`access recorder (embedded journal, fsync), ${readers} concurrent reads`, total, () =>
      recordLoad(new AccessRecorder(accessJournal), total, readers),
    ),
  );
  await accessJournal.close();
  return results;
};

const access = (i: number): AccessEntry => ({
  actor: { id: `worker-${i % 50}`, role: 'case_manager' },
  route: 'GET /cases/:caseId/timeline',
  outcome: 'granted',
  denial: null,
  cases: [{ caseId: randomUUID(), teamId: 'team-1', programId: 'program-1' }],
  reason: null,
  emergencyUntil: null,
  at: '2026-03-01T10:00:00.000Z',
  correlationId: randomUUID(),
});

/** `readers` reads in flight at once, each waiting for its access record as a read would. */
const recordLoad = (recorder: AccessRecorder, total: number, readers: number) =>
  pool(
    readers,
    Array.from({ length: total }, (_, i) => () => recorder.record(access(i))),
  );

export const describeAppend = (results: readonly Measurement[]): string[][] => {
  const baseline = results[0]!;
  return results.map((m) => [
    m.name,
    `${m.operations}`,
    `${perSecond(m).toFixed(0)} events/s`,
    `${(perSecond(m) / perSecond(baseline)).toFixed(2)}× baseline`,
  ]);
};
