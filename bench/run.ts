import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { appendBenchmarks, describeAppend } from './append.bench';
import { describeReadSide, readSideBenchmarks } from './read-side.bench';
import { benchInfrastructure, machine, table } from './support';

/**
 * `npm run bench`: every figure in one run on one machine, so they compare as ratios.
 * Sizes: BENCH_EVENTS appends per append scenario (2000), BENCH_CASES cases for the read side (300,
 * about 9 events each), BENCH_LATENCY_SAMPLES commands timed end to end (100).
 */
async function main(): Promise<void> {
  const total = Number(process.env.BENCH_EVENTS ?? 2000);
  const cases = Number(process.env.BENCH_CASES ?? 300);
  const samples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 100);
  const infrastructure = benchInfrastructure();
  const client = await new MongoClient(infrastructure.mongoUri).connect();
  const db = client.db(`ct_bench_${randomUUID().slice(0, 8)}`);
  console.log(`machine: ${machine()}`);
  console.log(
    `database: ${infrastructure.mongoUri} (${(await db.admin().command({ buildInfo: 1 })).version as string})`,
  );
  try {
    console.log(
      `\nAppend throughput (${total} single-event appends per row, 200 streams, fresh collection each row)`,
    );
    console.log(
      table([
        ['scenario', 'events', 'throughput', 'ratio'],
        ...describeAppend(await appendBenchmarks(db, total)),
      ]),
    );
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
    console.log(table([['measure', 'figure', 'ratio / detail'], ...describeReadSide(readSide)]));
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
