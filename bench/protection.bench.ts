import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { LocalEventStore, MongoEventStore, type EventStore, type StoredEvent } from '@casetrail/event-store';
import {
  LocalKeyManagement,
  MongoProtectionStore,
  openProtection,
  plaintextOpener,
  type PiiOpener,
  type Protection,
} from '@casetrail/protection';
import {
  CASELOADS,
  MongoReadModelStore,
  PROJECTIONS,
  ProjectionRunner,
  queryCaseload,
  type CaseloadEntry,
} from '@casetrail/read-models';
import { event } from './append.bench';
import { CASES_PER_MANAGER, decideCase } from './cases';
import { measure, percentile, perSecond, pool, type Measurement } from './support';

const phase = (text: string) => process.stderr.write(`  … ${text}\n`);
const DAY = 86_400_000;
const BATCH = 500;

export interface ProtectionSizes {
  /** Single-event appends per round. */
  readonly appends: number;
  /** Cases decided and projected per round (about 9 events each). */
  readonly cases: number;
  /** Caseload reads timed per round. */
  readonly reads: number;
  /** Rounds of each, alternating off and on (the machine drifts; a median of pairs holds). */
  readonly rounds: number;
}

export interface ProtectionFigures {
  readonly append: { readonly off: Measurement[]; readonly on: Measurement[] };
  readonly projector: { readonly off: Measurement[]; readonly on: Measurement[]; readonly events: number };
  readonly caseload: { readonly offMs: number[][]; readonly onMs: number[][]; readonly rows: number };
  readonly appendRatio: number;
  readonly projectorRatio: number;
  readonly caseloadRatio: number;
}

const median = (values: readonly number[]): number => percentile(values, 50);

/** The median over rounds of on/off within each round: what encryption costs, net of drift. */
const pairedRatio = (on: readonly number[], off: readonly number[]): number =>
  median(on.map((value, i) => value / off[i]!));

/** 16 appends in flight over 200 streams, each a client with a key (made beforehand, as engagement does). */
const appendRound = async (store: EventStore, streams: readonly string[], total: number, name: string) => {
  const versions = new Map<string, number>();
  const tasks = Array.from({ length: total }, (_, i) => async () => {
    const stream = streams[i % streams.length]!;
    const version = versions.get(stream) ?? 0;
    versions.set(stream, version + 1);
    await store.append(stream, version, [{ ...event(stream), dataSubject: stream }]);
  });
  return measure(name, total, () => pool(16, tasks));
};

/** The same cases' events as the log holds them: through a store (so chained), sealed or not. */
const logOf = async (
  cases: readonly StoredEvent[][][],
  protection: Protection | null,
): Promise<StoredEvent[]> => {
  const raw = LocalEventStore.inMemory();
  const store = protection ? protection.sealing(raw) : raw;
  for (const commits of cases) {
    const caseId = commits[0]![0]!.streamId;
    if (protection)
      await protection.prepareClient(caseId, caseId, {
        givenName: 'Given',
        familyName: 'Family',
        dateOfBirth: null,
      });
    for (const commit of commits)
      await store.append(
        caseId,
        commit[0]!.version - 1,
        commit.map(({ version: _v, position: _p, ...pending }) => ({ ...pending, dataSubject: caseId })),
      );
  }
  const events: StoredEvent[] = [];
  for (let after = 0; ;) {
    const page = await raw.readAll(after, 1000);
    if (page.events.length === 0) break;
    events.push(...page.events);
    after = page.checkpoint;
  }
  await raw.close();
  return events;
};

const project = async (db: Db, events: readonly StoredEvent[], name: string) => {
  const readModels = new MongoReadModelStore(db);
  const runners = PROJECTIONS.map((p) => new ProjectionRunner(p, readModels));
  return measure(name, events.length, async () => {
    for (let i = 0; i < events.length; i += BATCH) {
      const batch = events.slice(i, i + BATCH);
      for (const runner of runners) await runner.applyBatch(batch);
    }
  });
};

const caseloadReads = async (db: Db, opener: PiiOpener, managers: number, samples: number) => {
  const caseloads = new MongoReadModelStore(db).collection<CaseloadEntry>(CASELOADS);
  const today = new Date().toISOString().slice(0, 10);
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const answer = await queryCaseload(
      await caseloads.find({ caseManagerId: `cm-${i % managers}` }),
      {},
      today,
      opener,
    );
    times.push(performance.now() - started);
    rows = Math.max(rows, answer.cases.length);
  }
  return { times, rows };
};

/**
 * Client-data protection on and off in one run: appends through the sealing store against the
 * bare MongoDB store; the projector (all read models) over the same cases' events sealed against
 * in the clear; caseload reads that open each row's client name through the key cache against
 * reads of plaintext rows. Each round runs off then on, on fresh collections.
 */
export const protectionBenchmarks = async (db: Db, sizes: ProtectionSizes): Promise<ProtectionFigures> => {
  const protection = await openProtection({
    store: await new MongoProtectionStore(db).init(),
    kms: new LocalKeyManagement(randomBytes(32)),
  });
  try {
    const streams = Array.from({ length: 200 }, () => randomUUID());
    for (const stream of streams)
      await protection.prepareClient(stream, stream, {
        givenName: 'Given',
        familyName: 'Family',
        dateOfBirth: null,
      });
    const append = { off: [] as Measurement[], on: [] as Measurement[] };
    for (let r = 0; r < sizes.rounds; r++) {
      phase(`append round ${r + 1}/${sizes.rounds}`);
      const off = await new MongoEventStore(db, `prot_events_off_${r}`).init();
      append.off.push(await appendRound(off, streams, sizes.appends, 'append, no encryption'));
      const on = protection.sealing(await new MongoEventStore(db, `prot_events_on_${r}`).init());
      append.on.push(await appendRound(on, streams, sizes.appends, 'append, sealed'));
    }

    const managers = Math.max(1, Math.ceil(sizes.cases / CASES_PER_MANAGER));
    const start = Date.now() - 400 * DAY;
    const cases = Array.from({ length: sizes.cases }, (_, n) => decideCase(n, managers, start));
    const plain = await logOf(cases, null);
    const sealed = await logOf(cases, protection);
    const projector = { off: [] as Measurement[], on: [] as Measurement[], events: plain.length };
    const caseload = { offMs: [] as number[][], onMs: [] as number[][], rows: 0 };
    for (let r = 0; r < sizes.rounds; r++) {
      phase(`projector and caseload round ${r + 1}/${sizes.rounds}`);
      const offDb = db.client.db(`${db.databaseName}_poff${r}`);
      const onDb = db.client.db(`${db.databaseName}_pon${r}`);
      try {
        projector.off.push(await project(offDb, plain, 'projector, client data in the clear'));
        projector.on.push(await project(onDb, sealed, 'projector, client data sealed'));
        const off = await caseloadReads(offDb, plaintextOpener, managers, sizes.reads);
        // The first read of each worker's caseload warms the key cache; the figure is for a warm cache.
        await caseloadReads(onDb, protection.opener, managers, managers);
        const on = await caseloadReads(onDb, protection.opener, managers, sizes.reads);
        caseload.offMs.push(off.times);
        caseload.onMs.push(on.times);
        caseload.rows = off.rows;
      } finally {
        await offDb.dropDatabase();
        await onDb.dropDatabase();
      }
    }
    return {
      append,
      projector,
      caseload,
      appendRatio: pairedRatio(append.on.map(perSecond), append.off.map(perSecond)),
      projectorRatio: pairedRatio(projector.on.map(perSecond), projector.off.map(perSecond)),
      // Reads per second: the inverse of the median latency.
      caseloadRatio: pairedRatio(
        caseload.offMs.map((times) => median(times)),
        caseload.onMs.map((times) => median(times)),
      ),
    };
  } finally {
    await protection.close();
  }
};

const fixed = (n: number, digits = 0) => n.toFixed(digits);

export const describeProtection = (f: ProtectionFigures): string[][] => {
  const last = <T>(values: readonly T[]): T => values[values.length - 1]!;
  return [
    [
      'append, sealed / none',
      `${fixed(median(f.append.on.map(perSecond)))} vs ${fixed(median(f.append.off.map(perSecond)))} events/s`,
      `${fixed(f.appendRatio, 2)} (median of ${f.append.on.length} paired rounds)`,
    ],
    [
      'projector, sealed / clear',
      `${fixed(median(f.projector.on.map(perSecond)))} vs ${fixed(median(f.projector.off.map(perSecond)))} events/s`,
      `${fixed(f.projectorRatio, 2)} (${f.projector.events} events, ${PROJECTIONS.length} read models)`,
    ],
    [
      'caseload read, opened / clear',
      `p50 ${fixed(median(last(f.caseload.onMs)), 1)} vs ${fixed(median(last(f.caseload.offMs)), 1)} ms, p99 ${fixed(
        percentile(last(f.caseload.onMs), 99),
        1,
      )} vs ${fixed(percentile(last(f.caseload.offMs), 99), 1)} ms`,
      `${fixed(f.caseloadRatio, 2)} (reads/s; ${f.caseload.rows} rows a read, warm key cache)`,
    ],
  ];
};
