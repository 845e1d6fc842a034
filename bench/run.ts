import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessLogBenchmarks, describeAccessLog } from './access-log.bench';
import { appendBenchmarks, appendScaling, describeAppend } from './append.bench';
import { httpBenchmarks } from './http.bench';
import { describeProtection, protectionBenchmarks } from './protection.bench';
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
  'protection.appendRatio',
  'protection.projectorRatio',
  'protection.caseloadRatio',
] as const;

/**
 * `npm run bench`: every figure in one run on one machine, so they compare as ratios.
 * Sizes: BENCH_EVENTS appends per append scenario (2000); BENCH_CASES cases for the read side
 * (300, about 9 events each, seeded in bulk; the reads and the rebuild run at that size);
 * BENCH_STREAM_EVENTS events published and projected against bare baselines (min(9 × cases,
 * 18000)); BENCH_READ_SAMPLES reads timed per query (100); BENCH_LATENCY_SAMPLES commands timed
 * end to end (100); BENCH_ACCESS_READS caseload reads per round with and without the access log
 * (400, 8 in flight, 25 cases each); BENCH_APPEND_WRITERS appends in flight per process (16);
 * BENCH_HTTP_REQUESTS, BENCH_HTTP_CASES for the HTTP rows; BENCH_PROTECTION_APPENDS (2000),
 * BENCH_PROTECTION_CASES (400) and BENCH_PROTECTION_READS (100) per round of the encryption on/off
 * rows (3 rounds). BENCH_ONLY=append,read,access,http,protection picks sections.
 * bench/results.json gets the flat FIGURES, `machine`, `at` and every table.
 */
async function main(): Promise<void> {
  const total = Number(process.env.BENCH_EVENTS ?? 2000);
  const cases = Number(process.env.BENCH_CASES ?? 300);
  const samples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 100);
  // Five pairs of rounds: the machine drifts, and a median of pairs needs a few to hold.
  const ACCESS_ROUNDS = 5;
  const accessReads = Number(process.env.BENCH_ACCESS_READS ?? 400);
  // BENCH_ONLY=append,read,access,http,protection runs those sections alone (all by default).
  const only = new Set((process.env.BENCH_ONLY ?? 'append,read,access,http,protection').split(','));
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
    if (only.has('protection')) {
      const sizes = {
        appends: Number(process.env.BENCH_PROTECTION_APPENDS ?? 2000),
        cases: Number(process.env.BENCH_PROTECTION_CASES ?? 400),
        reads: Number(process.env.BENCH_PROTECTION_READS ?? 100),
        rounds: 3,
      };
      const protection = await protectionBenchmarks(db, sizes);
      console.log(
        `\nClient-data protection on and off (${sizes.appends} appends, ${sizes.cases} cases projected, ${sizes.reads} caseload reads per round, ${sizes.rounds} rounds)`,
      );
      const rows = [['measure', 'on vs off', 'ratio (on / off)'], ...describeProtection(protection)];
      console.log(table(rows));
      figures['protection.appendRatio'] = protection.appendRatio;
      figures['protection.projectorRatio'] = protection.projectorRatio;
      figures['protection.caseloadRatio'] = protection.caseloadRatio;
      results.protection = rows;
    }
    // A run of some sections keeps the figures of the others from the run that measured them; `sections` says when and where each was.
    const file = join(__dirname, '..', '..', 'bench', 'results.json');
    const previous = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Record<
      string,
      unknown
    >;
    const at = new Date().toISOString();
    const previousSections = (previous.sections ?? {}) as Record<string, unknown>;
    const sections = {
      ...previousSections,
      ...Object.fromEntries([...only].map((name) => [name, { at, machine: machine() }])),
    };
    const kept = Object.fromEntries(FIGURES.map((key) => [key, figures[key] ?? previous[key] ?? null]));
    const tables = Object.fromEntries(
      Object.entries(previous).filter(
        ([key]) => !(key in kept) && !['machine', 'at', 'sections'].includes(key),
      ),
    );
    writeFileSync(
      file,
      `${JSON.stringify({ ...kept, machine: machine(), at, sections, ...tables, ...results }, null, 2)}\n`,
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
