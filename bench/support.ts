import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevIssuerKey, signDevToken } from '@casetrail/identity';
import { loadConfig, type CasetrailConfig } from '@casetrail/platform';
import type { StoredEvent } from '@casetrail/event-store';
import type { Db } from 'mongodb';

/** Real infrastructure for the benchmarks: the environment's, else the local scripts'. */
export const benchInfrastructure = (): { kafkaBrokers: string; mongoUri: string } => {
  if (process.env.KAFKA_BROKERS && process.env.MONGODB_URI) {
    return { kafkaBrokers: process.env.KAFKA_BROKERS, mongoUri: process.env.MONGODB_URI };
  }
  execFileSync('bash', [join(__dirname, '..', '..', 'infra', 'infra.sh'), 'up'], { stdio: 'inherit' });
  return { kafkaBrokers: '127.0.0.1:9092', mongoUri: 'mongodb://127.0.0.1:27017/' };
};

export const machine = (): string =>
  `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

export interface Measurement {
  readonly name: string;
  readonly operations: number;
  readonly seconds: number;
}

export const measure = async (
  name: string,
  operations: number,
  run: () => Promise<void>,
): Promise<Measurement> => {
  const start = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { name, operations, seconds };
};

export const perSecond = (m: Measurement): number => m.operations / m.seconds;

export const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
};

export const table = (rows: readonly (readonly string[])[]): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
};

/** Runs `tasks` with at most `concurrency` in flight. */
export const pool = async (concurrency: number, tasks: readonly (() => Promise<void>)[]): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
};

/**
 * An external-mode app configuration of its own (database, topics, group), with its own
 * development issuer and no rate limit: a bench mints the tokens it calls with.
 */
export const benchAppConfig = (
  brokers: string,
  mongoUri: string,
  name: string,
  extra: NodeJS.ProcessEnv = {},
): CasetrailConfig => {
  const id = `${name}-${randomUUID().slice(0, 8)}`;
  return loadConfig({
    KAFKA_BROKERS: brokers,
    MONGODB_URI: mongoUri,
    MONGODB_DATABASE: `ct_bench_${id.replace(/-/g, '_')}`,
    KAFKA_TOPIC: `bench-${id}`,
    KAFKA_ACCESS_TOPIC: `bench-${id}-access`,
    PROJECTOR_GROUP: `bench-${id}`,
    CASETRAIL_DATA_DIR: mkdtempSync(join(tmpdir(), `ct-bench-${name}-`)),
    RATE_LIMIT_PER_MINUTE: '0',
    CASETRAIL_MASTER_KEY: randomBytes(32).toString('base64'),
    ...extra,
  });
};

/** A case manager's token from the app's development issuer: `cm-bench` holds the bench's cases. */
export const benchToken = async (config: CasetrailConfig): Promise<string> => {
  const { key } = await loadOrCreateDevIssuerKey(config.identity.devIssuerKeyFile);
  return signDevToken(key, {
    // A case manager may open cases only for themselves or the queue.
    sub: 'cm-bench',
    roles: ['case_manager'],
    audience: config.identity.audience,
    ttlSeconds: 3600,
  });
};

/** Commit documents per `insertMany`: FerretDB holds a PostgreSQL connection per bulk. */
const SEED_BULK = 200;
const SEED_IN_FLIGHT = 3;

/**
 * THE SEAM between the bench's seeding and the event store's layout: writes `commits` (each the
 * events of one commit, one stream, consecutive versions) at consecutive global positions from
 * `firstPosition`, as `MongoEventStore` stores them (one document per commit: `_id` = position of
 * its first event, `sv` = stream@fromVersion, `page` = floor(_id / 1024)). Returns how many events
 * it wrote. When the store's layout changes, or it offers a bulk append, this is the one function
 * to change.
 */
export const seedCommits = async (
  db: Db,
  collection: string,
  commits: readonly (readonly StoredEvent[])[],
  firstPosition: number,
): Promise<number> => {
  let position = firstPosition;
  const docs = commits.map((events) => {
    const first = events[0]!;
    const stamped = events.map((event, i) => ({ ...event, position: position + i }));
    const doc = {
      _id: position,
      sv: `${first.streamId}@${first.version}`,
      streamId: first.streamId,
      fromVersion: first.version,
      toVersion: events.at(-1)!.version,
      page: Math.floor(position / 1024),
      count: events.length,
      events: stamped,
    };
    position += events.length;
    return doc;
  });
  const target = db.collection<{ _id: number }>(collection);
  // A few bulks in flight: FerretDB turns each into PostgreSQL inserts on its own connection.
  const bulks = Array.from({ length: Math.ceil(docs.length / SEED_BULK) }, (_, i) =>
    docs.slice(i * SEED_BULK, (i + 1) * SEED_BULK),
  );
  await pool(
    SEED_IN_FLIGHT,
    bulks.map((bulk) => async () => {
      await target.insertMany(bulk, { ordered: false });
    }),
  );
  return position - firstPosition;
};

/** Samples the resident set while `run` runs: its peak in MiB, and what `run` returned. */
export const withPeakRss = async <T>(run: () => Promise<T>): Promise<{ result: T; peakRssMiB: number }> => {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakRssMiB: Math.round(peak / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
};
