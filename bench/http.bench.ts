import { randomUUID } from 'node:crypto';
import { mkdtempSync, openSync, closeSync, fdatasync, write } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { MongoClient } from 'mongodb';
import { nodeJournalFs } from '@casetrail/event-store';
import { loadConfig, type CasetrailConfig } from '@casetrail/platform';
import { AppModule } from '../apps/case-api/src/app.module';
import { configureCaseApi } from '../apps/case-api/src/bootstrap';
import { benchAppConfig, benchToken } from './support';

export interface HttpRound {
  /** Requests per second through the real app, and through the bare endpoint in the round after. */
  readonly app: number;
  readonly bare: number;
}

export interface HttpModeFigures {
  readonly mode: 'embedded' | 'external';
  readonly rounds: readonly HttpRound[];
  /** Median over rounds of app / bare. */
  readonly ratio: number;
  readonly p50Ms: { readonly app: number; readonly bare: number };
  /** Embedded: journal syncs the app made per command in the measured rounds (group commit shares them). */
  readonly syncsPerCommand: number | null;
}

export interface HttpBenchmarks {
  readonly rows: string[][];
  readonly figures: { readonly embeddedRatio: number; readonly externalRatio: number | null };
  readonly detail: readonly HttpModeFigures[];
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

const url = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const listenApp = async (app: INestApplication): Promise<string> => {
  await app.listen(0, '127.0.0.1');
  return url(app.getHttpServer() as Server);
};

/** What a case worker types for one contact: the body every request of both endpoints carries. */
const contactBody = (i: number) =>
  JSON.stringify({
    contactType: 'phone_call',
    participants: [{ kind: 'client' }],
    durationMinutes: 15,
    summary: `Called the client about the housing application (${i})`,
    happenedAt: new Date().toISOString(),
  });

/**
 * `requests` POSTs over `connections` connections, each connection on cases of its own (so no
 * command waits on another's version); requests per second and each request's time.
 */
const round = async (
  connections: number,
  requests: number,
  send: (connection: number, i: number) => Promise<void>,
): Promise<{ perSecond: number; times: number[] }> => {
  const times: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, connection) => {
      while (next < requests) {
        const i = next++;
        const t = performance.now();
        await send(connection, i);
        times.push(performance.now() - t);
      }
    }),
  );
  return { perSecond: requests / ((performance.now() - start) / 1000), times };
};

const post = async (target: string, body: string, headers: Record<string, string>) => {
  const response = await fetch(target, { method: 'POST', headers, body });
  if (response.status !== 201)
    throw new Error(`POST ${target}: ${response.status} ${(await response.text()).slice(0, 200)}`);
  await response.arrayBuffer();
};

/**
 * The reference: express with a JSON body parser and one durable write per request, as an app
 * without a framework or event store would do it. Embedded: the body appended to a file and
 * fdatasync'd (each request its own write and sync). External: one `insertOne`.
 */
const bareEndpoint = async (
  durable: (line: Buffer) => Promise<void>,
): Promise<{ url: string; close(): Promise<void> }> => {
  const app = express();
  app.use(express.json({ limit: '256kb' }));
  app.post('/cases/:caseId/contacts', (request, response, next) => {
    const record = {
      eventId: randomUUID(),
      type: 'ContactRecorded',
      streamId: request.params.caseId,
      recordedAt: new Date().toISOString(),
      data: request.body as unknown,
    };
    durable(Buffer.from(`${JSON.stringify(record)}\n`)).then(
      () => response.status(201).json({ caseId: request.params.caseId, eventId: record.eventId }),
      next,
    );
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: url(server),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};

const fileWriter = (file: string) => {
  const fd = openSync(file, 'a');
  const durable = (line: Buffer) =>
    new Promise<void>((resolve, reject) =>
      write(fd, line, 0, line.length, null, (error) =>
        error ? reject(error) : fdatasync(fd, (e) => (e ? reject(e) : resolve())),
      ),
    );
  return { durable, close: () => closeSync(fd) };
};

/** One mode: seed the cases, warm both up, then alternate app and bare rounds. */
const measureMode = async (
  mode: 'embedded' | 'external',
  config: CasetrailConfig,
  bare: { url: string; close(): Promise<void> },
  sizes: { cases: number; requests: number; connections: number; rounds: number },
  syncs: () => number = () => NaN,
): Promise<HttpModeFigures> => {
  // As createCaseApi builds it, but a failure to start throws here instead of exiting the bench silently.
  const app = configureCaseApi(
    await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), {
      bodyParser: false,
      logger: false,
      abortOnError: false,
    }),
    config,
  );
  try {
    const base = await listenApp(app);
    const token = await benchToken(config);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const perConnection = Math.max(1, Math.ceil(sizes.cases / sizes.connections));
    const cases: string[][] = Array.from({ length: sizes.connections }, () => []);
    for (let c = 0; c < sizes.connections * perConnection; c++) {
      const response = await fetch(`${base}/cases`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          programId: 'bench',
          caseManagerId: 'cm-bench',
          referralSource: 'self',
          consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
          client: { givenName: 'Bench', familyName: `Client ${c}`, dateOfBirth: '1980-01-01' },
          presentingConcerns: 'Benchmark',
        }),
      });
      const body = (await response.json()) as { caseId?: string };
      if (response.status !== 201 || !body.caseId)
        throw new Error(`engaging a bench case: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
      cases[c % sizes.connections]!.push(body.caseId);
    }
    const caseOf = (connection: number, i: number) => {
      const own = cases[connection]!;
      return own[i % own.length]!;
    };
    const viaApp = () =>
      round(sizes.connections, sizes.requests, (connection, i) =>
        post(`${base}/cases/${caseOf(connection, i)}/contacts`, contactBody(i), headers),
      );
    const viaBare = () =>
      round(sizes.connections, sizes.requests, (connection, i) =>
        post(`${bare.url}/cases/${caseOf(connection, i)}/contacts`, contactBody(i), {
          'content-type': 'application/json',
        }),
      );
    await viaApp();
    await viaBare();
    const rounds: HttpRound[] = [];
    const times = { app: [] as number[], bare: [] as number[] };
    let appSyncs = 0;
    for (let r = 0; r < sizes.rounds; r++) {
      const before = syncs();
      const a = await viaApp();
      appSyncs += syncs() - before;
      const b = await viaBare();
      rounds.push({ app: a.perSecond, bare: b.perSecond });
      times.app.push(...a.times);
      times.bare.push(...b.times);
    }
    return {
      mode,
      rounds,
      ratio: median(rounds.map((r) => r.app / r.bare)),
      p50Ms: { app: median(times.app), bare: median(times.bare) },
      syncsPerCommand: mode === 'embedded' ? appSyncs / (sizes.requests * sizes.rounds) : null,
    };
  } finally {
    await app.close();
  }
};

/**
 * HTTP commands (POST a contact to a seeded case) through the real app against a bare express
 * endpoint doing the equivalent raw durable write, `connections` in flight, in alternating
 * rounds so the machine's drift affects both alike. Embedded mode always; external mode when
 * `infrastructure` is given (the database and Kafka of the environment).
 */
export const httpBenchmarks = async (options: {
  cases: number;
  requests: number;
  connections?: number;
  rounds?: number;
  infrastructure?: { kafkaBrokers: string; mongoUri: string };
}): Promise<HttpBenchmarks> => {
  const sizes = {
    cases: options.cases,
    requests: options.requests,
    connections: options.connections ?? 20,
    rounds: options.rounds ?? 3,
  };
  const detail: HttpModeFigures[] = [];

  const dataDir = mkdtempSync(join(tmpdir(), 'ct-bench-http-'));
  const embedded = loadConfig({ CASETRAIL_DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '0' });
  const file = fileWriter(join(mkdtempSync(join(tmpdir(), 'ct-bench-bare-')), 'writes.log'));
  const bareFile = await bareEndpoint(file.durable);
  // Counted at the journal's seam: the app opens its journal with the default calls.
  const fdatasync = nodeJournalFs.fdatasync;
  let syncs = 0;
  nodeJournalFs.fdatasync = (fd) => {
    syncs++;
    return fdatasync(fd);
  };
  try {
    detail.push(await measureMode('embedded', embedded, bareFile, sizes, () => syncs));
  } finally {
    nodeJournalFs.fdatasync = fdatasync;
    await bareFile.close();
    file.close();
  }

  if (options.infrastructure) {
    const { kafkaBrokers, mongoUri } = options.infrastructure;
    const external = benchAppConfig(kafkaBrokers, mongoUri, 'http');
    const client = await new MongoClient(mongoUri).connect();
    const db = client.db(external.mongo.database);
    const writes = db.collection('bare_writes');
    const bareDb = await bareEndpoint(async (line) => {
      await writes.insertOne(JSON.parse(line.toString('utf8')) as Record<string, unknown>);
    });
    try {
      detail.push(await measureMode('external', external, bareDb, sizes));
    } finally {
      await bareDb.close();
      await db.dropDatabase();
      await client.close();
    }
  }

  const rows = [
    ['mode', 'app req/s', 'bare req/s', 'ratio (median of rounds)', 'p50 ms app / bare', 'syncs/command'],
    ...detail.map((d) => [
      d.mode,
      d.rounds.map((r) => r.app.toFixed(0)).join(' '),
      d.rounds.map((r) => r.bare.toFixed(0)).join(' '),
      `${d.ratio.toFixed(2)}x`,
      `${d.p50Ms.app.toFixed(1)} / ${d.p50Ms.bare.toFixed(1)}`,
      d.syncsPerCommand === null ? '-' : d.syncsPerCommand.toFixed(2),
    ]),
  ];
  const ratioOf = (mode: string) => detail.find((d) => d.mode === mode)?.ratio ?? null;
  return {
    rows,
    figures: { embeddedRatio: ratioOf('embedded') ?? NaN, externalRatio: ratioOf('external') },
    detail,
  };
};
