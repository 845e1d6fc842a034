import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessLogBenchmarks, describeAccessLog } from './access-log.bench';
import { appendBenchmarks, appendScaling, describeAppend } from './append.bench';
import { httpBenchmarks } from './http.bench';
import { describeReadSide, readSideBenchmarks, readSideResults } from './read-side.bench';
import { benchInfrastructure, machine, table } from './support';

/**
 * The flat figures bench/results.json always has (null when the section did not run), in this
 * order, before `machine`, `at` and the tables.
 */
const FIGURES = [
  'append.oneInstance',
  'append.fourInstances',
  'append.scaling',
  'publisher.ratioPrebuilt',
  'publisher.ratioSameReads',
  'projector.ratio',
  'reads.cases',
  'reads.events',
  'reads.caseloadP99Ms',
  'reads.timelineP99Ms',
  'reads.reportP99Ms',
  'rebuild.events',
  'rebuild.seconds',
  'rebuild.peakRssMiB',
  'endToEnd.p50Ms',
  'endToEnd.p99Ms',
  'http.embeddedRatio',
  'http.externalRatio',
] as const;

/**
 * `npm run bench`: every figure in one run on one machine, so they compare as ratios.
 * Sizes: BENCH_EVENTS appends per append scenario (2000); BENCH_CASES cases for the read side
 * (300, about 9 events each, seeded in bulk; the reads and the rebuild run at that size);
 * BENCH_STREAM_EVENTS events published and projected against bare baselines (min(9 × cases,
 * 18000)); BENCH_READ_SAMPLES reads timed per query (100); BENCH_LATENCY_SAMPLES commands timed
 * end to end (100); BENCH_ACCESS_READS caseload reads per round with and without the access log
 * (400, 8 in flight, 25 cases each); BENCH_APPEND_WRITERS appends in flight per process (16);
 * BENCH_HTTP_REQUESTS, BENCH_HTTP_CASES for the HTTP rows. BENCH_ONLY=append,read,access,http picks sections.
 * bench/results.json gets the flat FIGURES, `machine`, `at` and every table.
 */
async function main(): Promise<void> {
  const total = Number(process.env.BENCH_EVENTS ?? 2000);
  const cases = Number(process.env.BENCH_CASES ?? 300);
  const samples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 100);
  // Five pairs of rounds: the machine drifts, and a median of pairs needs a few to hold.
  const ACCESS_ROUNDS = 5;
  const accessReads = Number(process.env.BENCH_ACCESS_READS ?? 400);
  // BENCH_ONLY=append,read,access,http runs those sections alone (all by default).
  const only = new Set((process.env.BENCH_ONLY ?? 'append,read,access,http').split(','));
  const figures: Record<string, number | null> = Object.fromEntries(FIGURES.map((key) => [key, null]));
  const results: Record<string, unknown> = {};
  const infrastructure = benchInfrastructure();
  const client = await new MongoClient(infrastructure.mongoUri).connect();
  const db = client.db(`ct_bench_reads_${randomUUID().slice(0, 8)}`);
  console.log(`machine: ${machine()}`);
  console.log(
    `database: ${infrastructure.mongoUri} (${(await db.admin().command({ buildInfo: 1 })).version as string})`,
  );
  try {
    if (only.has('append')) {
      console.log(
        `\nAppend throughput (${total} single-event appends per row, 200 streams, fresh collection each row)`,
      );
      const appendResult = await appendBenchmarks(db, total);
      const append = [['scenario', 'events', 'throughput', 'ratio'], ...describeAppend(appendResult)];
      console.log(table(append));
      // Instances are processes: one, then four at once, each with BENCH_APPEND_WRITERS appends in flight.
      const writers = Number(process.env.BENCH_APPEND_WRITERS ?? 16);
      const scaling = await appendScaling(infrastructure.mongoUri, db.databaseName, total, writers);
      console.log(`\nAppend across processes (${total} appends per row, ${writers} in flight per process)`);
      console.log(table([['scenario', 'events', 'throughput', 'ratio'], ...scaling.rows]));
      figures['append.oneInstance'] = scaling.figures.oneInstance;
      figures['append.fourInstances'] = scaling.figures.fourInstances;
      figures['append.scaling'] = scaling.figures.scaling;
      results.append = [...append, ...scaling.rows];
    }
    if (only.has('read')) {
      const readSide = await readSideBenchmarks(db, infrastructure.kafkaBrokers, infrastructure.mongoUri, {
        cases,
        streamEvents: Number(process.env.BENCH_STREAM_EVENTS ?? Math.min(9 * cases, 18_000)),
        readSamples: Number(process.env.BENCH_READ_SAMPLES ?? 100),
        latencySamples: samples,
      });
      console.log(`\nRead side (${cases} cases, ${readSide.seeded.operations} events of 9 kinds)`);
      const read = [['measure', 'figure', 'ratio / detail'], ...describeReadSide(readSide)];
      console.log(table(read));
      Object.assign(figures, readSideResults(readSide));
      results.readSide = read;
    }
    if (only.has('access')) {
      const access = await accessLogBenchmarks(
        infrastructure.kafkaBrokers,
        infrastructure.mongoUri,
        25,
        accessReads,
        8,
        ACCESS_ROUNDS,
      );
      console.log(
        `\nAccess log (caseload reads through HTTP, ${access.reads} per round, ${ACCESS_ROUNDS} rounds alternating)`,
      );
      const accessRows = [['measure', 'figure', 'ratio / detail'], ...describeAccessLog(access)];
      console.log(table(accessRows));
      results.accessLog = { rows: accessRows, figures: access };
    }
    if (only.has('http')) {
      // BENCH_HTTP_REQUESTS contact commands per round (600), on BENCH_HTTP_CASES cases (100), 20 connections.
      const http = await httpBenchmarks({
        cases: Number(process.env.BENCH_HTTP_CASES ?? 100),
        requests: Number(process.env.BENCH_HTTP_REQUESTS ?? 600),
        connections: 20,
        rounds: 5,
        infrastructure,
      });
      console.log(
        '\nHTTP commands (POST a contact; the app against a bare express endpoint doing the same durable write)',
      );
      console.log(table(http.rows));
      figures['http.embeddedRatio'] = http.figures.embeddedRatio;
      figures['http.externalRatio'] = http.figures.externalRatio;
      results.http = { rows: http.rows, detail: http.detail };
    }
    writeFileSync(
      join(__dirname, '..', '..', 'bench', 'results.json'),
      `${JSON.stringify({ ...figures, machine: machine(), at: new Date().toISOString(), ...results }, null, 2)}\n`,
    );
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
