import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Message } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { isCaseStream } from '@casetrail/domain';
import { MESSAGE_HEADERS } from '@casetrail/contracts';
import { plaintextOpener } from '@casetrail/protection';
import { MongoEventStore, type EventStore, type StoredEvent } from '@casetrail/event-store';
import { InMemoryCheckpointStore, KafkaTransport, Publisher, toMessage } from '@casetrail/messaging';
import {
  BULK_CHUNK,
  CASE_FACTS,
  CASELOADS,
  MongoReadModelStore,
  outcomeReport,
  PROJECTIONS,
  ProjectionRunner,
  queryCaseload,
  REBUILD_TARGETS,
  rebuildReadModels,
  TIMELINES,
  timelinePage,
  type CaseFacts,
  type CaseloadEntry,
  type Timeline,
} from '@casetrail/read-models';
import { NestFactory } from '@nestjs/core';
import { createCaseApi } from '../apps/case-api/src/bootstrap';
import { ProjectorAppModule } from '../apps/projector/src/projector-app.module';
import { seedCasesInBulk } from './cases';
import {
  benchAppConfig,
  benchToken,
  measure,
  percentile,
  perSecond,
  pool,
  withPeakRss,
  type Measurement,
} from './support';

const BATCH = 500;
const DAY = 86_400_000;

const phase = (text: string) => process.stderr.write(`  … ${text}\n`);

const transportFor = (brokers: string, topic: string) =>
  new KafkaTransport({
    brokers: brokers.split(','),
    clientId: 'casetrail-bench',
    topic,
    partitions: 6,
    replicationFactor: 1,
  });

/** The message the transport sends for an event: same key, value and headers. */
const messageOf = (e: StoredEvent): Message => ({
  key: e.streamId,
  value: JSON.stringify(toMessage(e)),
  headers: {
    [MESSAGE_HEADERS.eventType]: e.type,
    [MESSAGE_HEADERS.eventId]: e.eventId,
    [MESSAGE_HEADERS.schemaVersion]: String(e.schemaVersion),
    [MESSAGE_HEADERS.caseId]: e.streamId,
    [MESSAGE_HEADERS.correlationId]: e.correlationId,
    [MESSAGE_HEADERS.causationId]: e.causationId,
  },
});

export interface ReadSideSizes {
  readonly cases: number;
  /** Events published, projected and compared against bare baselines (the first of the log). */
  readonly streamEvents: number;
  readonly readSamples: number;
  readonly latencySamples: number;
}

export interface ReadSideFigures {
  readonly cases: number;
  readonly caseManagers: number;
  readonly seeded: Measurement;
  readonly publisher: Measurement;
  readonly bareProducerPrebuilt: Measurement;
  readonly bareProducerSameReads: Measurement;
  readonly projector: Measurement;
  readonly bareBulkWrite: Measurement;
  readonly rebuild: Measurement & {
    readonly peakRssMiB: number;
    readonly readSeconds: number;
    readonly flushSeconds: number;
  };
  readonly reads: {
    readonly how: string;
    readonly caseloadMs: readonly number[];
    readonly timelineMs: readonly number[];
    readonly reportMs: readonly number[];
  };
  readonly latencyMs: { p50: number; p99: number; max: number; samples: number; ratePerSecond: number };
}

/** Reads the log from the start, up to `limit` events, as a reader of the store does. */
const readLog = async (store: MongoEventStore, limit: number): Promise<StoredEvent[]> => {
  const all: StoredEvent[] = [];
  for (let checkpoint = 0; all.length < limit;) {
    const page = await store.readAll(checkpoint, Math.min(BATCH, limit - all.length));
    if (page.events.length === 0) break;
    all.push(...page.events);
    checkpoint = page.checkpoint;
  }
  return all;
};

const timed = async (samples: number, run: (i: number) => Promise<unknown>): Promise<number[]> => {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  return times;
};

export const readSideBenchmarks = async (
  db: Db,
  brokers: string,
  mongoUri: string,
  sizes: ReadSideSizes,
): Promise<ReadSideFigures> => {
  const id = randomUUID().slice(0, 8);
  const store = await new MongoEventStore(db, 'events').init();
  phase(`seeding ${sizes.cases} cases in bulk`);
  let seed: Awaited<ReturnType<typeof seedCasesInBulk>> | null = null;
  const seededRun = await measure('seed: decided, written in bulk', 0, async () => {
    seed = await seedCasesInBulk(db, 'events', sizes.cases, {
      onChunk: (done) => {
        if (done % 10_000 === 0) phase(`seeded ${done} cases`);
      },
    });
  });
  const seeded = seed as unknown as Awaited<ReturnType<typeof seedCasesInBulk>>;

  // Rebuild first, from the bulk-seeded log: it builds the read models the reads are measured on.
  phase(`rebuilding every read model from ${seeded.events} events`);
  const readModels = new MongoReadModelStore(db.client.db(`${db.databaseName}_rm`));
  // How much of the rebuild is reading the log (the event store's share) and how much is ours.
  let readSeconds = 0;
  let builtAt = 0;
  let flushSeconds = 0;
  const timedStore: EventStore = {
    append: (...args) => store.append(...args),
    readStream: (...args) => store.readStream(...args),
    headPosition: () => store.headPosition(),
    holesPassed: 0,
    close: () => store.close(),
    readAll: async (after, limit) => {
      const started = performance.now();
      const page = await store.readAll(after, limit);
      readSeconds += (performance.now() - started) / 1000;
      return page;
    },
  };
  const rebuildRun = await withPeakRss(() =>
    measure('rebuild: every read model, one pass', seeded.events, async () => {
      await rebuildReadModels(timedStore, readModels, REBUILD_TARGETS, {
        batchSize: 1000,
        onBuilt: () => (builtAt = performance.now()),
      });
      flushSeconds = (performance.now() - builtAt) / 1000;
    }),
  );

  phase('reads');
  const caseloads = readModels.collection<CaseloadEntry>(CASELOADS);
  const timelines = readModels.collection<Timeline>(TIMELINES);
  const facts = readModels.collection<CaseFacts>(CASE_FACTS);
  const today = new Date().toISOString().slice(0, 10);
  const pick = (i: number) => seeded.caseIds[(i * 7919) % seeded.caseIds.length]!;
  // The queries the controllers run, straight on the read-model store (no HTTP, no access log).
  const caseloadMs = await timed(sizes.readSamples, async (i) =>
    queryCaseload(
      await caseloads.find({ caseManagerId: `cm-${i % seeded.caseManagers}` }),
      {},
      today,
      plaintextOpener,
    ),
  );
  const timelineMs = await timed(sizes.readSamples, async (i) => {
    const doc = await timelines.get(pick(i));
    if (!doc) throw new Error('a seeded case has no timeline');
    return timelinePage(doc, plaintextOpener, {});
  });
  const to = new Date();
  const from = new Date(to.getTime() - 365 * DAY);
  const reportMs = await timed(Math.max(5, Math.ceil(sizes.readSamples / 5)), async (i) =>
    outcomeReport(await facts.find({ programId: `program-${i % 4}` }), {
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy: 'program',
      now: to.toISOString(),
    }),
  );

  // Publishing and projecting run on a log of their own, `streamEvents` long: the big one would
  // take as long again to publish, and the ratios do not depend on its size.
  const streamCases = Math.max(1, Math.ceil(sizes.streamEvents / 9));
  await seedCasesInBulk(db, 'stream_events', streamCases);
  const streamStore = await new MongoEventStore(db, 'stream_events').init();
  // Case events only: access events (if any) go to their own topic and no case read model.
  const events = (await readLog(streamStore, Number.MAX_SAFE_INTEGER)).filter((e) =>
    isCaseStream(e.streamId),
  );
  phase(`publishing ${events.length} events`);
  const published = transportFor(brokers, `bench-reads-published-${id}`);
  await published.ensureTopic();
  const publisher = new Publisher(
    new MongoEventStore(db, 'stream_events'),
    published,
    new InMemoryCheckpointStore(),
    {
      name: 'bench-reads',
      batchSize: BATCH,
      idleMs: 50,
    },
  );
  const publisherRun = await measure('publisher: store -> Kafka', events.length, async () => {
    await publisher.drain();
  });

  const bareTopic = `bench-reads-bare-${id}`;
  const bareTransport = transportFor(brokers, bareTopic);
  await bareTransport.ensureTopic();
  const kafka = new Kafka({
    clientId: 'casetrail-bench-bare',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const messages = events.map(messageOf);
  const bareProducerPrebuilt = await measure('bare producer, prebuilt messages', events.length, async () => {
    for (let i = 0; i < messages.length; i += BATCH)
      await producer.send({ topic: bareTopic, acks: -1, messages: messages.slice(i, i + BATCH) });
  });
  // The same reads the publisher makes, a fresh store (no page cache), then a bare send per page.
  const reader = new MongoEventStore(db, 'stream_events');
  const bareProducerSameReads = await measure('bare producer, same store reads', events.length, async () => {
    for (let checkpoint = 0, sent = 0; sent < events.length;) {
      const page = await reader.readAll(checkpoint, BATCH);
      if (page.events.length === 0) break;
      const batch = page.events.filter((e) => isCaseStream(e.streamId));
      await producer.send({ topic: bareTopic, acks: -1, messages: batch.map(messageOf) });
      sent += page.events.length;
      checkpoint = page.checkpoint;
    }
  });
  await producer.disconnect();
  await bareTransport.close();

  phase('projecting');
  const projected = new MongoReadModelStore(db.client.db(`${db.databaseName}_proj`));
  const runners = PROJECTIONS.map((p) => new ProjectionRunner(p, projected));
  let handled = 0;
  let firstAt = 0n;
  let doneAt = 0n;
  await new Promise<void>((resolve, reject) => {
    void published
      .subscribe(`bench-reads-projector-${id}`, async (batch) => {
        if (firstAt === 0n) firstAt = process.hrtime.bigint();
        for (const runner of runners) await runner.applyBatch(batch);
        handled += batch.length;
        if (handled >= events.length && doneAt === 0n) {
          doneAt = process.hrtime.bigint();
          resolve();
        }
        return [];
      })
      .catch(reject);
  });
  await published.close();
  const projector: Measurement = {
    name: `projector: Kafka -> ${PROJECTIONS.length} read models`,
    operations: events.length,
    seconds: Number(doneAt - firstAt) / 1e9,
  };
  const bare = db.client.db(`${db.databaseName}_bare`).collection<{ _id: string; version: number }>('docs');
  const bareBulkWrite = await measure('bare bulkWrite upserts (baseline)', events.length, async () => {
    // Chunked like the projector's own writes: FerretDB deadlocks on bulks larger than its pool.
    for (let i = 0; i < events.length; i += BULK_CHUNK) {
      await bare.bulkWrite(
        events.slice(i, i + BULK_CHUNK).map((e) => ({
          replaceOne: {
            filter: { _id: e.streamId },
            replacement: { _id: e.streamId, version: e.version },
            upsert: true,
          },
        })),
        { ordered: false },
      );
    }
  });
  for (const suffix of ['_bare', '_rm', '_proj'])
    await db.client.db(`${db.databaseName}${suffix}`).dropDatabase();

  phase('end-to-end latency');
  return {
    cases: sizes.cases,
    caseManagers: seeded.caseManagers,
    seeded: { ...seededRun, operations: seeded.events },
    publisher: publisherRun,
    bareProducerPrebuilt,
    bareProducerSameReads,
    projector,
    bareBulkWrite,
    rebuild: { ...rebuildRun.result, peakRssMiB: rebuildRun.peakRssMiB, readSeconds, flushSeconds },
    reads: {
      how: 'direct: the controllers’ query and shaping on the read-model store, no HTTP',
      caseloadMs,
      timelineMs,
      reportMs,
    },
    latencyMs: await endToEndLatency(brokers, mongoUri, sizes.latencySamples),
  };
};

/**
 * From a command's 201 to its case on the caseload (API + publisher, Kafka, projector,
 * database), at half the rate the API sustains: the rate is measured first with commands
 * back to back, 8 in flight, then commands start at half of it, each timed on its own.
 */
const endToEndLatency = async (brokers: string, mongoUri: string, samples: number) => {
  const config = benchAppConfig(brokers, mongoUri, 'reads-e2e', { PUBLISHER_IDLE_MS: '200' });
  const api = await createCaseApi(config, { logger: false });
  const token = await benchToken(config);
  await api.listen(0, '127.0.0.1');
  const projector = await NestFactory.createApplicationContext(ProjectorAppModule.forConfig(config), {
    logger: false,
  });
  const url = `http://127.0.0.1:${(api.getHttpServer().address() as { port: number }).port}`;
  const client = await new MongoClient(mongoUri).connect();
  const caseloads = new MongoReadModelStore(client.db(config.mongo.database)).collection<CaseloadEntry>(
    CASELOADS,
  );
  const engage = () =>
    fetch(`${url}/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        programId: 'bench',
        caseManagerId: 'cm-bench',
        referralSource: 'self',
        consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
        client: { givenName: 'Bench', familyName: 'Client', dateOfBirth: '1980-01-01' },
        presentingConcerns: 'Benchmark',
      }),
    }).then((r) => r.json() as Promise<{ caseId: string }>);
  // One poller for every command in flight, one round of `_id` lookups at a time (the commands
  // in flight only: a query by case manager would read every case seen so far, each poll).
  const waiting = new Map<string, () => void>();
  let polling = true;
  const poller = (async () => {
    while (polling) {
      if (waiting.size > 0) {
        for (const entry of await caseloads.getMany([...waiting.keys()])) {
          waiting.get(entry._id)?.();
          waiting.delete(entry._id);
        }
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const visible = (caseId: string) => new Promise<void>((resolve) => waiting.set(caseId, resolve));
  // The consumer group's first join takes seconds: warm up before measuring.
  await visible((await engage()).caseId);
  const burst = Math.max(40, samples);
  const burstCases: string[] = [];
  const sustained = await measure('commands back to back', burst, () =>
    pool(
      8,
      Array.from({ length: burst }, () => async () => {
        burstCases.push((await engage()).caseId);
      }),
    ),
  );
  // The burst outruns the projector; its backlog drained, the timed commands find the pipeline idle.
  await Promise.all(burstCases.map(visible));
  // BENCH_E2E_RATE fixes the rate instead (commands/s): how latency grows with load.
  const ratePerSecond = Number(process.env.BENCH_E2E_RATE ?? 0) || perSecond(sustained) / 2;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: samples }, async (_, i) => {
      const due = started + (i * 1000) / ratePerSecond;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      const { caseId } = await engage();
      const accepted = performance.now();
      await visible(caseId);
      latencies.push(performance.now() - accepted);
    }),
  );
  polling = false;
  await poller;
  await projector.close();
  await api.close();
  await client.db(config.mongo.database).dropDatabase();
  await client.close();
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    samples,
    ratePerSecond,
  };
};

const ms = (values: readonly number[]) =>
  `p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms`;

/** The flat figures of bench/results.json this section owns. */
export const readSideResults = (f: ReadSideFigures): Record<string, number> => ({
  'publisher.ratioPrebuilt': perSecond(f.publisher) / perSecond(f.bareProducerPrebuilt),
  'publisher.ratioSameReads': perSecond(f.publisher) / perSecond(f.bareProducerSameReads),
  'projector.ratio': perSecond(f.projector) / perSecond(f.bareBulkWrite),
  'reads.cases': f.cases,
  'reads.events': f.seeded.operations,
  'reads.caseloadP99Ms': percentile(f.reads.caseloadMs, 99),
  'reads.timelineP99Ms': percentile(f.reads.timelineMs, 99),
  'reads.reportP99Ms': percentile(f.reads.reportMs, 99),
  'rebuild.events': f.rebuild.operations,
  'rebuild.seconds': f.rebuild.seconds,
  'rebuild.peakRssMiB': f.rebuild.peakRssMiB,
  'endToEnd.p50Ms': f.latencyMs.p50,
  'endToEnd.p99Ms': f.latencyMs.p99,
});

export const describeReadSide = (f: ReadSideFigures): string[][] => [
  [
    'seed: decided, bulk-written commits',
    `${perSecond(f.seeded).toFixed(0)} events/s`,
    `${f.seeded.operations} events, ${f.cases} cases, ${f.caseManagers} case managers, ${f.seeded.seconds.toFixed(1)} s`,
  ],
  [
    'rebuild: every read model, one pass',
    `${perSecond(f.rebuild).toFixed(0)} events/s`,
    `${f.rebuild.seconds.toFixed(1)} s (${f.rebuild.readSeconds.toFixed(1)} s reading the log, ${f.rebuild.flushSeconds.toFixed(1)} s writing the cache out, swapping in, catching up), peak RSS ${f.rebuild.peakRssMiB} MiB`,
  ],
  [
    'read: caseload of one case manager',
    ms(f.reads.caseloadMs),
    `${f.reads.caseloadMs.length} reads, ${f.reads.how}`,
  ],
  ['read: timeline page of one case', ms(f.reads.timelineMs), `${f.reads.timelineMs.length} reads`],
  ['read: outcome report, one program, one year', ms(f.reads.reportMs), `${f.reads.reportMs.length} reads`],
  [
    'publisher: store -> Kafka',
    `${perSecond(f.publisher).toFixed(0)} events/s`,
    `${(perSecond(f.publisher) / perSecond(f.bareProducerPrebuilt)).toFixed(2)}× bare producer, prebuilt (${perSecond(f.bareProducerPrebuilt).toFixed(0)}/s); ` +
      `${(perSecond(f.publisher) / perSecond(f.bareProducerSameReads)).toFixed(2)}× bare producer, same reads (${perSecond(f.bareProducerSameReads).toFixed(0)}/s)`,
  ],
  [
    f.projector.name,
    `${perSecond(f.projector).toFixed(0)} events/s`,
    `${(perSecond(f.projector) / perSecond(f.bareBulkWrite)).toFixed(2)}× bare bulkWrite (${perSecond(f.bareBulkWrite).toFixed(0)}/s)`,
  ],
  [
    'end to end: 201 -> on the caseload',
    `p50 ${f.latencyMs.p50.toFixed(0)} ms, p99 ${f.latencyMs.p99.toFixed(0)} ms`,
    `max ${f.latencyMs.max.toFixed(0)} ms, ${f.latencyMs.samples} commands at ${f.latencyMs.ratePerSecond.toFixed(1)}/s (half the sustained rate)`,
  ],
];
