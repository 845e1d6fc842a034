import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { isCaseStream } from '@casetrail/domain';
import { MongoEventStore, type StoredEvent } from '@casetrail/event-store';
import { InMemoryCheckpointStore, KafkaTransport, Publisher, toMessage } from '@casetrail/messaging';
import {
  CASELOADS,
  MongoReadModelStore,
  BULK_CHUNK,
  PROJECTIONS,
  ProjectionRunner,
  rebuildProjection,
} from '@casetrail/read-models';
import { NestFactory } from '@nestjs/core';
import { createCaseApi } from '../apps/case-api/src/bootstrap';
import { ProjectorAppModule } from '../apps/projector/src/projector-app.module';
import { seedCases } from './cases';
import { benchAppConfig, benchToken, measure, percentile, perSecond, type Measurement } from './support';

const BATCH = 500;

const phase = (text: string) => process.stderr.write(`  … ${text}\n`);

const transportFor = (brokers: string, topic: string) =>
  new KafkaTransport({
    brokers: brokers.split(','),
    clientId: 'casetrail-bench',
    topic,
    partitions: 6,
    replicationFactor: 1,
  });

const readEverything = async (store: MongoEventStore): Promise<StoredEvent[]> => {
  const all: StoredEvent[] = [];
  for (let checkpoint = 0; ;) {
    const page = await store.readAll(checkpoint, 2000);
    if (page.events.length === 0) return all;
    all.push(...page.events);
    checkpoint = page.checkpoint;
  }
};

export interface ReadSideFigures {
  readonly seeded: Measurement;
  readonly publisher: Measurement;
  readonly bareProducer: Measurement;
  readonly projector: Measurement;
  readonly bareBulkWrite: Measurement;
  readonly rebuilds: Measurement[];
  readonly latencyMs: { p50: number; p99: number; max: number; samples: number };
}

export const readSideBenchmarks = async (
  db: Db,
  brokers: string,
  mongoUri: string,
  cases: number,
  latencySamples: number,
): Promise<ReadSideFigures> => {
  const id = randomUUID().slice(0, 8);
  const store = await new MongoEventStore(db, 'events').init();
  let seededEvents = 0;
  phase(`seeding ${cases} cases`);
  const seeded = await measure('seed: commands decided and appended', 0, async () => {
    seededEvents = (await seedCases(store, cases)).events;
  });
  // Case events only: access events (if any) go to their own topic and no case read model.
  const events = (await readEverything(store)).filter((e) => isCaseStream(e.streamId));

  phase(`publishing ${events.length} events`);
  // Publisher (store log -> Kafka, with checkpoints) against a bare producer sending the same messages.
  const published = transportFor(brokers, `bench-published-${id}`);
  await published.ensureTopic();
  const publisher = new Publisher(store, published, new InMemoryCheckpointStore(), {
    name: 'bench',
    batchSize: BATCH,
    idleMs: 50,
  });
  const publisherRun = await measure('publisher: store -> Kafka', events.length, async () => {
    await publisher.drain();
  });

  const bareTopic = transportFor(brokers, `bench-bare-${id}`);
  await bareTopic.ensureTopic();
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
  const messages = events.map((e) => ({ key: e.streamId, value: JSON.stringify(toMessage(e)) }));
  const bareProducer = await measure('bare kafkajs producer (baseline)', events.length, async () => {
    for (let i = 0; i < messages.length; i += BATCH) {
      await producer.send({ topic: `bench-bare-${id}`, acks: -1, messages: messages.slice(i, i + BATCH) });
    }
  });
  await producer.disconnect();
  await bareTopic.close();

  phase('projecting');
  // Projector: consume the published topic into every read model, against bare bulkWrite upserts.
  const readModels = new MongoReadModelStore(db.client.db(`${db.databaseName}_rm`));
  const runners = PROJECTIONS.map((p) => new ProjectionRunner(p, readModels));
  let handled = 0;
  let firstAt = 0n;
  let doneAt = 0n;
  await new Promise<void>((resolve, reject) => {
    void published
      .subscribe(`bench-projector-${id}`, async (batch) => {
        if (firstAt === 0n) firstAt = process.hrtime.bigint();
        for (const runner of runners) await runner.applyBatch(batch);
        handled += batch.length;
        if (handled >= events.length) {
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

  phase('rebuilding');
  const rebuilds: Measurement[] = [];
  for (const projection of PROJECTIONS) {
    rebuilds.push(
      await measure(`rebuild ${projection.collection}`, events.length, async () => {
        await rebuildProjection(store, readModels, projection);
      }),
    );
  }
  await db.client.db(`${db.databaseName}_bare`).dropDatabase();
  await db.client.db(`${db.databaseName}_rm`).dropDatabase();

  return {
    seeded: { ...seeded, operations: seededEvents },
    publisher: publisherRun,
    bareProducer,
    projector,
    bareBulkWrite,
    rebuilds,
    latencyMs: await (phase('end-to-end latency'), endToEndLatency)(brokers, mongoUri, latencySamples),
  };
};

/** From a command's 201 to its case on the caseload: API + publisher, Kafka, projector, database. */
const endToEndLatency = async (brokers: string, mongoUri: string, samples: number) => {
  const config = benchAppConfig(brokers, mongoUri, 'e2e', { PUBLISHER_IDLE_MS: '200' });
  const api = await createCaseApi(config, { logger: false });
  const token = await benchToken(config);
  await api.listen(0, '127.0.0.1');
  const projector = await NestFactory.createApplicationContext(ProjectorAppModule.forConfig(config), {
    logger: false,
  });
  const url = `http://127.0.0.1:${(api.getHttpServer().address() as { port: number }).port}`;
  const client = await new MongoClient(mongoUri).connect();
  const caseloads = new MongoReadModelStore(client.db(config.mongo.database)).collection(CASELOADS);
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
  const visible = async (caseId: string) => {
    while ((await caseloads.get(caseId)) === null) await new Promise((r) => setTimeout(r, 2));
  };
  // The consumer group's first join takes seconds: warm up before measuring.
  await visible((await engage()).caseId);
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const { caseId } = await engage();
    const accepted = performance.now();
    await visible(caseId);
    latencies.push(performance.now() - accepted);
  }
  await projector.close();
  await api.close();
  await client.db(config.mongo.database).dropDatabase();
  await client.close();
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    samples,
  };
};

export const describeReadSide = (f: ReadSideFigures): string[][] => [
  [
    'publisher: store -> Kafka',
    `${perSecond(f.publisher).toFixed(0)} events/s`,
    `${(perSecond(f.publisher) / perSecond(f.bareProducer)).toFixed(2)}× bare producer (${perSecond(f.bareProducer).toFixed(0)}/s)`,
  ],
  [
    f.projector.name,
    `${perSecond(f.projector).toFixed(0)} events/s`,
    `${(perSecond(f.projector) / perSecond(f.bareBulkWrite)).toFixed(2)}× bare bulkWrite (${perSecond(f.bareBulkWrite).toFixed(0)}/s)`,
  ],
  ...f.rebuilds.map((r) => [r.name, `${perSecond(r).toFixed(0)} events/s`, `${r.seconds.toFixed(1)} s`]),
  [
    'end to end: 201 -> on the caseload',
    `p50 ${f.latencyMs.p50.toFixed(0)} ms, p99 ${f.latencyMs.p99.toFixed(0)} ms`,
    `max ${f.latencyMs.max.toFixed(0)} ms, ${f.latencyMs.samples} commands`,
  ],
];
