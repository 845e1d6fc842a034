import { randomUUID, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { MongoClient, type Db } from 'mongodb';
import { MongoEventStore, type EventStore, type EventToAppend } from '@casetrail/event-store';
import { loadConfig } from '@casetrail/platform';
import { MESSAGE_HEADERS } from '@casetrail/contracts';
import { CASE_API_MAIN, ensureBuilt } from '../support/build';
import { cleanUp } from '../support/cleanup';
import { identityEnv } from '../support/identity';
import { readTopic } from '../support/kafka';
import { KafkaProbe } from '../support/lag';
import {
  ProcessSupervisor,
  freePort,
  tail,
  waitForHttp,
  waitForLog,
  type ManagedProcess,
} from '../support/processes';
import { sealingFor } from '../support/sealing';

/**
 * Two case-API processes on one database, each hosting a publisher: the lease lets one publish and
 * the other wait. SIGKILL the holder (no release, no shutdown hook) and the other must take over
 * within 15 s, with the default lease settings, and deliver what came after: each event once.
 */
/** The deployment's master key: one per test run, as an agency's KMS would hand every process. */
const masterKey = randomBytes(32).toString('base64');

describe('two publishers on one database', () => {
  const id = randomUUID().slice(0, 8);
  const database = `ct_e2e_lease_${id}`;
  const topic = `ct-e2e-lease-${id}`;
  const supervisor = new ProcessSupervisor('casetrail-lease');
  let mongo: MongoClient;
  let db: Db;
  let store: EventStore;
  let probe: KafkaProbe;
  let passed = false;

  const childEnv = (port: number): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    NO_COLOR: '1',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    MONGODB_URI: process.env.MONGODB_URI,
    MONGODB_DATABASE: database,
    KAFKA_TOPIC: topic,
    KAFKA_ACCESS_TOPIC: `${topic}-access`,
    PROJECTOR_GROUP: `ct-e2e-lease-projector-${id}`,
    PUBLISHER_IDLE_MS: '50',
    HOST: '127.0.0.1',
    PORT: String(port),
    // Every process of the deployment opens the same keys with the same master key.
    CASETRAIL_MASTER_KEY: masterKey,
    ...identityEnv(),
  });

  const startCaseApi = async (): Promise<ManagedProcess> => {
    const port = await freePort();
    const api = supervisor.start('case-api', CASE_API_MAIN, childEnv(port));
    await waitForHttp(api, `http://127.0.0.1:${port}/docs/json`);
    return api;
  };

  const event = (streamId: string, n: number): EventToAppend => ({
    eventId: randomUUID(),
    type: 'Noted',
    schemaVersion: 1,
    streamId,
    occurredAt: '2026-03-01T10:00:00.000Z',
    recordedAt: '2026-03-01T10:05:00.000Z',
    actor: { id: 'worker-1', role: 'case_manager' },
    correlationId: `corr-${n}`,
    causationId: `cmd-${n}`,
    data: { n },
    pii: {},
  });

  const appended: string[] = [];
  const appendCases = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const stream = randomUUID();
      const events = [event(stream, 1), event(stream, 2)];
      await store.append(stream, 0, events);
      appended.push(...events.map((e) => e.eventId));
    }
  };

  const publishedIds = async (expected: number): Promise<string[]> =>
    (
      await readTopic(
        topic,
        (messages) =>
          new Set(messages.map((m) => m.headers?.[MESSAGE_HEADERS.eventId]?.toString())).size >= expected,
        60_000,
      )
    ).map((m) => m.headers?.[MESSAGE_HEADERS.eventId]?.toString() ?? '');

  beforeAll(async () => {
    if (ensureBuilt()) console.log('[lease] built dist/');
    mongo = await new MongoClient(process.env.MONGODB_URI!).connect();
    db = mongo.db(database);
    // Appended as the apps append, with their master key: sealed under each client's key.
    store = (await sealingFor(loadConfig(childEnv(0)), db)).wrap(await new MongoEventStore(db).init());
    probe = await KafkaProbe.connect();
  }, 180_000);

  afterAll(async () => {
    await supervisor.close();
    await cleanUp(
      () => probe?.deleteTopics(topic, `${topic}-access`),
      () => probe?.close(),
      () => db?.dropDatabase(),
      () => mongo?.close(),
    );
    if (passed) rmSync(supervisor.logDir, { recursive: true, force: true });
  }, 60_000);

  it('lets one publish, each event once, and the other take over within 15 s when the first is killed', async () => {
    const first = await startCaseApi();
    await waitForLog(first, /Holds the publisher lease/, 30_000);
    const second = await startCaseApi();
    await appendCases(100);
    const before = await publishedIds(200);
    // Long enough for the waiting one to have asked for the lease a few times, and for a
    // duplicate, if there were one, to arrive; and for the holder to save its checkpoint idle.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const settled = await publishedIds(200);
    expect(settled).toHaveLength(200);
    expect(new Set(settled)).toEqual(new Set(appended));
    expect(before.length).toBeLessThanOrEqual(200);
    expect(tail(second.logFile, 500)).not.toMatch(/Holds the publisher lease/);

    await supervisor.kill(first);
    const killedAt = Date.now();
    await appendCases(50);
    await waitForLog(second, /Holds the publisher lease/, 20_000);
    const failoverMs = Date.now() - killedAt;
    console.log(`[lease] failover after SIGKILL: ${failoverMs} ms`);
    expect(failoverMs).toBeLessThan(15_000);
    const after = await publishedIds(300);
    expect(new Set(after)).toEqual(new Set(appended));
    // The killed holder had saved its checkpoint when it fell idle: nothing is sent twice.
    expect(after).toHaveLength(300);
    expect(supervisor.crashed).toEqual([]);
    passed = true;
  }, 240_000);
});
