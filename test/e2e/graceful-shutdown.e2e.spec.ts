import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MongoClient, type Db } from 'mongodb';
import { MongoEventStore } from '@casetrail/event-store';
import { deadLetterTopic, MongoCheckpointStore, PUBLISHER_NAME } from '@casetrail/messaging';
import { CASE_FACTS } from '@casetrail/read-models';
import { CASE_API_MAIN, PROJECTOR_MAIN, ensureBuilt } from '../support/build';
import { cleanUp } from '../support/cleanup';
import { eventually } from '../support/http';
import { identityEnv, tokenFor } from '../support/identity';
import { KafkaProbe } from '../support/lag';
import {
  ProcessSupervisor,
  delay,
  freePort,
  tail,
  waitForHttp,
  waitForLog,
  type ManagedProcess,
} from '../support/processes';

const WRITERS = 8;
const HOUR_MS = 3_600_000;

/**
 * SIGTERM to each app while it works, then a look at everything: every command that got a 2xx
 * has its events in the store and on Kafka, and each is applied exactly once in the read models
 * (a case_facts document per case, at the stream's version); the publisher saved its checkpoint
 * at the log's head before it exited. Prints the figures: time to exit, in flight, drained.
 */
describe('graceful shutdown under load (real processes)', () => {
  const id = randomUUID().slice(0, 8);
  const database = `ct_e2e_shutdown_${id}`;
  const topic = `ct-e2e-shutdown-${id}`;
  const accessTopic = `ct-e2e-shutdown-access-${id}`;
  const group = `ct-e2e-shutdown-projector-${id}`;
  const supervisor = new ProcessSupervisor('casetrail-shutdown');
  const masterKey = randomBytes(32).toString('base64');
  let mongo: MongoClient;
  let db: Db;
  let probe: KafkaProbe;
  let token: string;
  const accepted: string[] = [];

  const childEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    NO_COLOR: '1',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    MONGODB_URI: process.env.MONGODB_URI,
    MONGODB_DATABASE: database,
    KAFKA_TOPIC: topic,
    KAFKA_ACCESS_TOPIC: accessTopic,
    PROJECTOR_GROUP: group,
    PUBLISHER_IDLE_MS: '50',
    RATE_LIMIT_PER_MINUTE: '0',
    SHUTDOWN_DRAIN_MS: '10000',
    HOST: '127.0.0.1',
    CASETRAIL_MASTER_KEY: masterKey,
    ...identityEnv(),
    ...extra,
  });

  const startApi = async (): Promise<{ api: ManagedProcess; url: string }> => {
    const port = await freePort();
    const api = supervisor.start('case-api', CASE_API_MAIN, childEnv({ PORT: String(port) }));
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(api, `${url}/health/live`, 90_000);
    return { api, url };
  };

  const startProjector = async (): Promise<{ projector: ManagedProcess; url: string }> => {
    const port = await freePort();
    const projector = supervisor.start(
      'projector',
      PROJECTOR_MAIN,
      childEnv({ PROJECTOR_PORT: String(port) }),
    );
    // Logged once both groups are joined and the listener (with the signal handler) is up.
    await waitForLog(projector, /Projector health on/, 90_000);
    return { projector, url: `http://127.0.0.1:${port}` };
  };

  const engage = async (url: string, n: string): Promise<{ status: number; caseId?: string }> => {
    const response = await fetch(`${url}/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        programId: 'housing-first',
        caseManagerId: 'cm-shutdown',
        referralSource: 'outreach',
        consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
        client: { givenName: 'Drain', familyName: `Case${n}`, dateOfBirth: '1980-01-01' },
        presentingConcerns: 'Sleeping rough',
        engagedAt: new Date(Date.now() - HOUR_MS).toISOString(),
      }),
    });
    const body = (await response.json().catch(() => ({}))) as { caseId?: string };
    return { status: response.status, ...(body.caseId ? { caseId: body.caseId } : {}) };
  };

  /** Every accepted case: in the store, and in case_facts once, at the stream's version. */
  const expectAllApplied = async () => {
    const store = new MongoEventStore(db);
    const versions = new Map<string, number>();
    for (const caseId of accepted) {
      const stream = await store.readStream(caseId);
      expect({ caseId, stored: stream.length > 0 }).toEqual({ caseId, stored: true });
      versions.set(caseId, stream.at(-1)?.version ?? 0);
    }
    await eventually(async () => {
      const docs = await db
        .collection<{ _id: string; version: number }>(CASE_FACTS)
        .find({ _id: { $in: accepted } })
        .toArray();
      expect(docs.length).toBe(accepted.length);
      for (const doc of docs)
        expect({ id: doc._id, v: doc.version }).toEqual({ id: doc._id, v: versions.get(doc._id) });
    }, 90_000);
  };

  beforeAll(async () => {
    if (ensureBuilt()) console.log('[shutdown] built dist/');
    mongo = await new MongoClient(process.env.MONGODB_URI!).connect();
    db = mongo.db(database);
    probe = await KafkaProbe.connect();
    token = await tokenFor({ id: 'intake-shutdown', role: 'intake_worker', programs: ['housing-first'] });
  }, 120_000);

  afterAll(async () => {
    await supervisor.close();
    await cleanUp(
      () => probe?.deleteTopics(topic, accessTopic, deadLetterTopic(topic), deadLetterTopic(accessTopic)),
      () => probe?.close(),
      () => db?.dropDatabase(),
      () => mongo?.close(),
    );
  }, 60_000);

  it('case-api: SIGTERM mid-load drains what is in flight, publishes it and saves the checkpoint', async () => {
    const { projector } = await startProjector();
    const { api, url } = await startApi();
    await eventually(async () => expect((await fetch(`${url}/health/ready`)).status).toBe(200), 60_000);
    let stop = false;
    let inFlight = 0;
    let counter = 0;
    const outcomes: Record<string, number> = {};
    const writer = async () => {
      while (!stop) {
        inFlight++;
        const reply: { status: number; caseId?: string } = await engage(url, String(counter++)).catch(() => ({
          status: 0,
        }));
        inFlight--;
        outcomes[reply.status] = (outcomes[reply.status] ?? 0) + 1;
        if (reply.status === 201 && reply.caseId) accepted.push(reply.caseId);
        // Refused once the server stopped accepting: this writer is done.
        if (reply.status === 0) return;
      }
    };
    const writers = Array.from({ length: WRITERS }, writer);
    await delay(3_000);
    const inFlightAtSigterm = inFlight;
    const signalled = Date.now();
    process.kill(api.pid, 'SIGTERM');
    const exit = await api.exited;
    const exitMs = Date.now() - signalled;
    stop = true;
    await Promise.all(writers);
    const log = readFileSync(api.logFile, 'utf8');
    // The apps log JSON lines: the figures are the message of the shutdown's last line.
    const figures = log
      .split('\n')
      .flatMap((line) => {
        try {
          const { msg } = JSON.parse(line) as { msg?: unknown };
          return typeof msg === 'string' && msg.startsWith('Shutdown done: ') ? [msg.slice(15)] : [];
        } catch {
          return [];
        }
      })
      .at(-1);
    console.log(
      `[shutdown] case-api: exit ${String(exit.code)} ${exitMs} ms after SIGTERM; ${inFlightAtSigterm} request(s) in flight (client side); ` +
        `figures ${figures ?? '(none)'}; outcomes ${JSON.stringify(outcomes)}`,
    );
    expect({ code: exit.code, log: exit.code === 0 ? '' : tail(api.logFile) }).toEqual({ code: 0, log: '' });
    expect(figures).toBeDefined();
    expect(JSON.parse(figures ?? '{}')).toMatchObject({ cutOff: 0 });
    expect(accepted.length).toBeGreaterThan(0);
    // No 5xx: a request either finished (2xx) or never got in (refused).
    expect(Object.keys(outcomes).filter((status) => Number(status) >= 500)).toEqual([]);

    // Published and checkpointed before exiting: the checkpoint is the log's head.
    const store = new MongoEventStore(db);
    expect(await new MongoCheckpointStore(db).load(PUBLISHER_NAME)).toBe(await store.headPosition());
    const caseEvents = (await Promise.all(accepted.map((caseId) => store.readStream(caseId)))).flat().length;
    expect(await probe.messageCount(topic)).toBeGreaterThanOrEqual(caseEvents);
    await expectAllApplied();
    process.kill(projector.pid, 'SIGTERM');
    expect((await projector.exited).code).toBe(0);
  }, 300_000);

  it('projector: SIGTERM while it applies a backlog commits its batch; restarted, every event is applied once', async () => {
    const { api, url } = await startApi();
    // A backlog: commands while no projector runs.
    for (let round = 0; round < 25; round++) {
      const replies = await Promise.all(
        Array.from({ length: WRITERS }, (_, w) => engage(url, `b${round}-${w}`)),
      );
      for (const reply of replies) if (reply.status === 201 && reply.caseId) accepted.push(reply.caseId);
    }
    await eventually(
      async () => expect(await probe.messageCount(topic)).toBeGreaterThanOrEqual(accepted.length),
      60_000,
    );
    const backlog = await probe.lag(group, topic);
    const { projector } = await startProjector();
    // Mid-backlog: some committed, some not.
    await eventually(async () => expect(await probe.lag(group, topic)).toBeLessThan(backlog), 60_000, 20);
    const lagAtSigterm = await probe.lag(group, topic);
    const signalled = Date.now();
    process.kill(projector.pid, 'SIGTERM');
    const exit = await projector.exited;
    console.log(
      `[shutdown] projector: exit ${String(exit.code)} ${Date.now() - signalled} ms after SIGTERM; backlog ${backlog}, ${lagAtSigterm} left at SIGTERM, ${await probe.lag(group, topic)} after`,
    );
    expect({ code: exit.code, log: exit.code === 0 ? '' : tail(projector.logFile) }).toEqual({
      code: 0,
      log: '',
    });
    const restarted = await startProjector();
    await eventually(async () => expect(await probe.lag(group, topic)).toBe(0), 90_000);
    await expectAllApplied();
    process.kill(restarted.projector.pid, 'SIGTERM');
    process.kill(api.pid, 'SIGTERM');
    await Promise.all([restarted.projector.exited, api.exited]);
  }, 300_000);
});
