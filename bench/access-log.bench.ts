import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { MongoClient } from 'mongodb';
import type { AccessRecorder } from '@casetrail/event-store';
import { ACCESS_RECORDER } from '@casetrail/platform';
import { CASELOADS, MongoReadModelStore, type CaseloadEntry } from '@casetrail/read-models';
import { AppModule } from '../apps/case-api/src/app.module';
import { configureCaseApi, createCaseApi } from '../apps/case-api/src/bootstrap';
import { ProjectorAppModule } from '../apps/projector/src/projector-app.module';
import { benchAppConfig, benchToken, pool } from './support';

export interface AccessLogFigures {
  readonly cases: number;
  readonly reads: number;
  readonly concurrency: number;
  /** Caseload reads per second, per round, with the access log as it runs in production. */
  readonly withLog: number[];
  /** The same app and reads with the recorder replaced by one that records nothing. */
  readonly withoutLog: number[];
  /** Access events the recorder wrote, and the commits they took (group commit). */
  readonly accessEvents: number;
  readonly accessCommits: number;
  /** How long a read waited for its access record to be durable, ms (p50, p90). */
  readonly recordWaitMs: { readonly p50: number; readonly p90: number };
}

const listen = async (app: INestApplication): Promise<string> => {
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as { address(): { port: number } };
  return `http://127.0.0.1:${server.address().port}`;
};

/**
 * Caseload reads through HTTP, each returning `cases` entries, with and without the access log,
 * in alternating rounds against one database so the machine's drift affects both alike.
 */
export const accessLogBenchmarks = async (
  brokers: string,
  mongoUri: string,
  cases: number,
  reads: number,
  concurrency: number,
  rounds = 3,
): Promise<AccessLogFigures> => {
  const config = benchAppConfig(brokers, mongoUri, 'access');
  const withLog = await createCaseApi(config, { logger: false });
  // Timed from outside: how much of a read's time is waiting for its record to be durable.
  const recorder = withLog.get<AccessRecorder>(ACCESS_RECORDER);
  const record = recorder.record.bind(recorder);
  const waits: number[] = [];
  recorder.record = async (entry) => {
    const start = performance.now();
    await record(entry);
    waits.push(performance.now() - start);
  };
  // One publisher per deployment, as in production: two would each publish every access event.
  const silentConfig = { ...config, publisher: { ...config.publisher, enabled: false } };
  const silent = await Test.createTestingModule({ imports: [AppModule.forConfig(silentConfig)] })
    .overrideProvider(ACCESS_RECORDER)
    .useValue({ record: () => Promise.resolve(), close: () => Promise.resolve(), streamId: 'none' })
    .compile();
  const withoutLog = configureCaseApi(
    silent.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false }),
    silentConfig,
  );
  const projector: INestApplicationContext = await NestFactory.createApplicationContext(
    ProjectorAppModule.forConfig(config),
    { logger: false },
  );
  const urls = { with: await listen(withLog), without: await listen(withoutLog) };
  const token = await benchToken(config);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const client = await new MongoClient(mongoUri).connect();
  const db = client.db(config.mongo.database);
  try {
    for (let i = 0; i < cases; i++) {
      const response = await fetch(`${urls.with}/cases`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          programId: 'bench',
          caseManagerId: 'cm-bench',
          referralSource: 'self',
          consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
          client: { givenName: 'Bench', familyName: `Client ${i}`, dateOfBirth: '1980-01-01' },
          presentingConcerns: 'Benchmark',
        }),
      });
      if (response.status !== 201) throw new Error(`engaging a bench case: ${response.status}`);
    }
    const caseloads = new MongoReadModelStore(db).collection<CaseloadEntry>(CASELOADS);
    while ((await caseloads.find({ caseManagerId: 'cm-bench' })).length < cases)
      await new Promise((resolve) => setTimeout(resolve, 50));

    const round = async (url: string): Promise<number> => {
      const start = performance.now();
      await pool(
        concurrency,
        Array.from({ length: reads }, () => async () => {
          const response = await fetch(`${url}/caseloads/cm-bench?limit=${cases}`, { headers });
          const body = (await response.json()) as { total?: number };
          if (response.status !== 200 || body.total !== cases)
            throw new Error(`caseload read: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
        }),
      );
      return reads / ((performance.now() - start) / 1000);
    };
    await round(urls.with);
    await round(urls.without);
    const figures = { with: [] as number[], without: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      figures.with.push(await round(urls.with));
      figures.without.push(await round(urls.without));
    }
    const commits = await db
      .collection<{ streamId: string; count: number }>('events')
      .find({ streamId: { $regex: '^access-' } })
      .toArray();
    return {
      cases,
      reads,
      concurrency,
      withLog: figures.with,
      withoutLog: figures.without,
      accessEvents: commits.reduce((sum, c) => sum + c.count, 0),
      accessCommits: commits.length,
      recordWaitMs: { p50: quantile(waits, 0.5), p90: quantile(waits, 0.9) },
    };
  } finally {
    await projector.close();
    await withLog.close();
    await withoutLog.close();
    await db.dropDatabase();
    await client.close();
  }
};

const quantile = (values: readonly number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))] ?? 0;
const median = (values: readonly number[]) => quantile(values, 0.5);

/**
 * The ratio of the access log's cost: each round with the log against the round without it that
 * follows, so the machine's drift between rounds cancels; the median of those pairs.
 */
export const pairedRatio = (f: Pick<AccessLogFigures, 'withLog' | 'withoutLog'>): number =>
  median(f.withLog.map((w, i) => w / f.withoutLog[i]!));

export const describeAccessLog = (f: AccessLogFigures): string[][] => [
  [
    `caseload reads (${f.cases} cases each), access log recorded`,
    `${median(f.withLog).toFixed(0)} reads/s`,
    `${pairedRatio(f).toFixed(2)}x without the log (median of paired rounds: ${f.withLog
      .map((w, i) => (w / f.withoutLog[i]!).toFixed(2))
      .join(', ')}; medians alone ${(median(f.withLog) / median(f.withoutLog)).toFixed(2)}x)`,
  ],
  [
    'caseload reads, no access log (recorder replaced)',
    `${median(f.withoutLog).toFixed(0)} reads/s`,
    `${f.reads} reads per round, ${f.concurrency} in flight`,
  ],
  [
    'access events group-committed',
    `${f.accessEvents} events in ${f.accessCommits} commits`,
    `${(f.accessEvents / Math.max(1, f.accessCommits)).toFixed(1)} per commit`,
  ],
  [
    'a read waiting for its record to be durable',
    `p50 ${f.recordWaitMs.p50.toFixed(1)} ms, p90 ${f.recordWaitMs.p90.toFixed(1)} ms`,
    `of ${((1000 * f.concurrency) / median(f.withLog)).toFixed(0)} ms a read with the log (${f.concurrency} in flight)`,
  ],
];
