import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { appendBenchmarks, describeAppend } from './append.bench';
import { benchInfrastructure, machine, table } from './support';

/**
 * `npm run bench`: every figure in one run on one machine, so they compare as ratios.
 * BENCH_EVENTS sets the size (default 2000 appends per scenario).
 */
async function main(): Promise<void> {
  const total = Number(process.env.BENCH_EVENTS ?? 2000);
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
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
