import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessLogBenchmarks, describeAccessLog } from './access-log.bench';
import { appendBenchmarks, describeAppend } from './append.bench';
import { httpBenchmarks } from './http.bench';
import { describeReadSide, readSideBenchmarks } from './read-side.bench';
import { benchInfrastructure, machine, table } from './support';

/**
 * `npm run bench`: every figure in one run on one machine, so they compare as ratios.
 * Sizes: BENCH_EVENTS appends per append scenario (2000), BENCH_CASES cases for the read side (300,
 * about 9 events each), BENCH_LATENCY_SAMPLES commands timed end to end (100), BENCH_ACCESS_READS
 * caseload reads per round with and without the access log (400, 8 in flight, 25 cases each).
 * BENCH_ONLY=append,read,access picks sections. Every table also lands in bench/results.json.
 */
async function main(): Promise<void> {
  const total = Number(process.env.BENCH_EVENTS ?? 2000);
  const cases = Number(process.env.BENCH_CASES ?? 300);
  const samples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 100);
  // Five pairs of rounds: the machine drifts, and a median of pairs needs a few to hold.
  const ACCESS_ROUNDS = 5;
  const accessReads = Number(process.env.BENCH_ACCESS_READS ?? 400);
  // BENCH_ONLY=append,read,access runs those sections alone (all by default).
  const only = new Set((process.env.BENCH_ONLY ?? 'append,read,access,http').split(','));
  const results: Record<string, unknown> = { at: new Date().toISOString() };
  const infrastructure = benchInfrastructure();
  const client = await new MongoClient(infrastructure.mongoUri).connect();
  const db = client.db(`ct_bench_${randomUUID().slice(0, 8)}`);
  console.log(`machine: ${machine()}`);
  results.machine = machine();
  console.log(
    `database: ${infrastructure.mongoUri} (${(await db.admin().command({ buildInfo: 1 })).version as string})`,
  );
  try {
    if (only.has('append')) {
      console.log(
        `\nAppend throughput (${total} single-event appends per row, 200 streams, fresh collection each row)`,
      );
      const append = [
        ['scenario', 'events', 'throughput', 'ratio'],
        ...describeAppend(await appendBenchmarks(db, total)),
      ];
      console.log(table(append));
      results.append = append;
    }
    if (only.has('read')) {
      const readSide = await readSideBenchmarks(
        db,
        infrastructure.kafkaBrokers,
        infrastructure.mongoUri,
        cases,
        samples,
      );
      console.log(
        `\nRead side (${cases} cases, ${readSide.seeded.operations} events of 9 kinds; ` +
          `seeding through the decider: ${(readSide.seeded.operations / readSide.seeded.seconds).toFixed(0)} events/s)`,
      );
      const read = [['measure', 'figure', 'ratio / detail'], ...describeReadSide(readSide)];
      console.log(table(read));
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
      results.http = { ...http.figures, rows: http.rows, detail: http.detail };
    }
    writeFileSync(
      join(__dirname, '..', '..', 'bench', 'results.json'),
      `${JSON.stringify(results, null, 2)}\n`,
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
