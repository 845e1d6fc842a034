import { fork } from 'node:child_process';
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

export const event = (streamId: string): EventToAppend => ({
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
export const appendLoad = async (
  stores: readonly EventStore[],
  total: number,
  writers: number,
  streams: number,
) => {
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

export interface AppendScaling {
  readonly rows: string[][];
  readonly figures: {
    readonly oneInstance: number;
    readonly fourInstances: number;
    readonly scaling: number;
  };
}

/**
 * Case-API instances are processes: the same appends from one process, then from four at once
 * (each its own store instance and connection pool, the load split between them), all on one
 * collection per row. Each process keeps `writers` appends in flight, as an API under load would.
 */
export const appendScaling = async (
  mongoUri: string,
  database: string,
  total: number,
  writers: number,
): Promise<AppendScaling> => {
  const row = async (processes: number) => {
    const collection = `bench_events_${randomUUID().slice(0, 8)}`;
    const workers = Array.from({ length: processes }, () =>
      fork(join(__dirname, 'append-worker.js'), [], {
        env: {
          ...process.env,
          BENCH_MONGODB_URI: mongoUri,
          BENCH_DATABASE: database,
          BENCH_COLLECTION: collection,
          BENCH_APPENDS: String(Math.ceil(total / processes)),
          BENCH_WRITERS: String(writers),
        },
      }),
    );
    const message = (worker: (typeof workers)[number], type: string) =>
      new Promise<void>((resolve, reject) => {
        worker.on('message', (m: { type: string }) => m.type === type && resolve());
        worker.on('exit', (code) => code !== 0 && reject(new Error(`append worker exited ${code}`)));
      });
    await Promise.all(workers.map((w) => message(w, 'ready')));
    const start = process.hrtime.bigint();
    const done = Promise.all(workers.map((w) => message(w, 'done')));
    for (const w of workers) w.send({ type: 'go' });
    await done;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    for (const w of workers) w.kill();
    return (Math.ceil(total / processes) * processes) / seconds;
  };
  const one = await row(1);
  const four = await row(4);
  return {
    rows: [
      [
        `MongoEventStore append, 1 process × ${writers} writers`,
        `${total}`,
        `${one.toFixed(0)} events/s`,
        '1.00× one instance',
      ],
      [
        `MongoEventStore append, 4 processes × ${writers} writers`,
        `${total}`,
        `${four.toFixed(0)} events/s`,
        `${(four / one).toFixed(2)}× one instance`,
      ],
    ],
    figures: {
      oneInstance: Math.round(one),
      fourInstances: Math.round(four),
      scaling: Number((four / one).toFixed(2)),
    },
  };
};
