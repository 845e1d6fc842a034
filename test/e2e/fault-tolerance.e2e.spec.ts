import { randomUUID, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { BSON, MongoClient, type Db } from 'mongodb';
import type { ActiveCase } from '@casetrail/domain';
import { MongoEventStore, upcast, type EventStore } from '@casetrail/event-store';
import { loadConfig } from '@casetrail/platform';
import { deadLetterTopic, PUBLISHER_NAME } from '@casetrail/messaging';

import {
  CASE_FACTS,
  InMemoryReadModelStore,
  PROJECTIONS,
  ProjectionRunner,
  TIMELINES,
  type CaseFacts,
  type CaseloadEntry,
  type ReadModelDocument,
  type Timeline,
} from '@casetrail/read-models';
import { CASE_API_MAIN, PROJECTOR_MAIN, ensureBuilt } from '../support/build';
import { generateCaseHistory, type GeneratedHistory } from '../support/case-generator';
import { cleanUp } from '../support/cleanup';
import { eventually } from '../support/http';
import { identityEnv } from '../support/identity';
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
import { seedFromEnv, seededRandom, type Random } from '../support/random';
import { sealingFor } from '../support/sealing';

/**
 * Crash tests with the real processes: `node dist/.../main.js` for the case API (which hosts
 * the publisher) and for the projector, each SIGKILLed at random points several times while
 * thousands of realistic events are appended to the store. Afterwards every read model must
 * equal a from-scratch rebuild from the store: nothing lost, nothing applied twice.
 *
 * Reproduce a failure with the seed it prints: CASETRAIL_FAULT_SEED=<seed>. The seed fixes the
 * events and the kill schedule (delays and choices); the interleaving with real I/O still varies.
 */
const SEED = seedFromEnv('CASETRAIL_FAULT_SEED');
const MIN_EVENTS = 3_200;
/** The feed is paced over this long, so the kills land while events are flowing. */
const FEED_MS = 75_000;
const PROJECTOR_KILLS = 3;
const API_KILLS = 4;
/** How far the first API kill sets the publisher's checkpoint back: more than one batch. */
const REWIND_EVENTS = 150;

/**
 * A document as the database would hold it (undefined becomes null, as the driver writes it).
 * Also makes its objects this realm's: jest's sandbox has its own `Object`, and the in-memory
 * store's structuredClone builds outside it, which toStrictEqual would count as a difference.
 */
const asStored = <D extends ReadModelDocument>(doc: D): D => BSON.deserialize(BSON.serialize(doc)) as D;

const byId = <D extends { readonly _id: string }>(docs: readonly D[]): D[] =>
  [...docs].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));

/** Referrals the caseload counts as open: made and not yet answered, accepted, or in service; none on a closed case. */
const openReferrals = (state: ActiveCase): number =>
  state.status === 'closed'
    ? 0
    : Object.values(state.referrals).filter((r) => ['made', 'accepted', 'service_started'].includes(r.status))
        .length;

/** The deployment's master key: one per test run, as an agency's KMS would hand every process. */
const masterKey = randomBytes(32).toString('base64');

describe(`crash tolerance of the publisher and the projector (seed ${SEED})`, () => {
  const id = randomUUID().slice(0, 8);
  const database = `ct_e2e_crash_${id}`;
  const topic = `ct-e2e-crash-${id}`;
  const group = `ct-e2e-crash-projector-${id}`;
  const supervisor = new ProcessSupervisor('casetrail-crash');
  const events: string[] = [];
  const note = (line: string) => events.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
  let mongo: MongoClient;
  let db: Db;
  let store: EventStore;
  let probe: KafkaProbe;
  let passed = false;

  /** Only what the apps read, so the processes see nothing of jest's environment. */
  const childEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    NO_COLOR: '1',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    MONGODB_URI: process.env.MONGODB_URI,
    MONGODB_DATABASE: database,
    KAFKA_TOPIC: topic,
    PROJECTOR_GROUP: group,
    PUBLISHER_IDLE_MS: '50',
    // Smaller than the default 500: more publish-then-checkpoint windows for a kill to land in.
    PUBLISHER_BATCH_SIZE: '100',
    // A SIGKILLed API never releases its publisher lease: its successor waits out a term. Shorter
    // than the default so the kills, not the waits, fill the feed (publisher-lease.e2e covers the default).
    PUBLISHER_LEASE_TTL_MS: '3000',
    PUBLISHER_LEASE_RENEW_MS: '1000',
    HOST: '127.0.0.1',
    // Every process of the deployment opens the same keys with the same master key.
    CASETRAIL_MASTER_KEY: masterKey,
    ...identityEnv(),
    ...extra,
  });

  beforeAll(async () => {
    console.log(`[crash] seed ${SEED} (replay: CASETRAIL_FAULT_SEED=${SEED}); logs in ${supervisor.logDir}`);
    if (ensureBuilt()) console.log('[crash] built dist/');
    mongo = await new MongoClient(process.env.MONGODB_URI!).connect();
    db = mongo.db(database);
    // Appended as the apps append, with their master key: sealed under each client's key.
    store = (await sealingFor(loadConfig(childEnv()), db)).wrap(await new MongoEventStore(db).init());
    probe = await KafkaProbe.connect();
  }, 180_000);

  afterAll(async () => {
    await supervisor.close();
    if (!passed) console.log(`[crash] seed ${SEED}; what happened:\n${events.join('\n')}`);
    await cleanUp(
      // With its topic gone the group has no offsets left, and the broker drops it once the SIGKILLed
      // member's session has expired (deleting it now would be refused: that member still holds it).
      () => probe?.deleteTopics(topic, deadLetterTopic(topic)),
      () => probe?.close(),
      () => db?.dropDatabase(),
      () => mongo?.close(),
    );
    if (passed) rmSync(supervisor.logDir, { recursive: true, force: true });
  }, 60_000);

  const startCaseApi = async (): Promise<ManagedProcess> => {
    const port = await freePort();
    const api = supervisor.start('case-api', CASE_API_MAIN, childEnv({ PORT: String(port) }));
    await waitForHttp(api, `http://127.0.0.1:${port}/docs/json`);
    note(`${api.name} up on port ${port}`);
    return api;
  };

  const startProjector = async (): Promise<ManagedProcess> => {
    // Its health listener on a port of its own: the default 3001 may be anyone's on a shared machine.
    const projector = supervisor.start(
      'projector',
      PROJECTOR_MAIN,
      childEnv({ PROJECTOR_PORT: String(await freePort()) }),
    );
    // Logged once it has joined its group, which after a SIGKILL waits out the dead member's session.
    await waitForLog(projector, /Projecting case events/, 90_000);
    note(`${projector.name} up`);
    return projector;
  };

  const checkpoint = async (): Promise<number> =>
    (await db.collection<{ _id: string; position: number }>('checkpoints').findOne({ _id: PUBLISHER_NAME }))
      ?.position ?? 0;

  const noCrashes = () => {
    const [crashed] = supervisor.crashed;
    if (crashed) throw new Error(`${crashed.name} died without being killed:\n${tail(crashed.logFile)}`);
  };

  it('loses nothing and applies nothing twice while both are SIGKILLed and restarted at random points', async () => {
    const history: GeneratedHistory = generateCaseHistory(seededRandom(SEED), {
      minEvents: MIN_EVENTS,
    });
    const total = history.eventCount;
    note(`generated ${total} events in ${history.commits.length} commits for ${history.cases.size} cases`);

    let api = await startCaseApi();
    let projector = await startProjector();

    // Each task below stops early once another has failed, so the test ends with its first error.
    let aborted = false;
    const task = async (work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        aborted = true;
        throw error;
      }
    };
    /** Polls `condition` until true; gives up on timeout or when another task failed. */
    const until = async (what: string, condition: () => Promise<boolean>, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (!aborted) {
        noCrashes();
        if (await condition()) return;
        if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
        await delay(25);
      }
    };

    // ---- the feed: the only writer of the store, paced over FEED_MS ----
    let fed = 0;
    let feeding = true;
    const feed = async () => {
      const started = Date.now();
      try {
        for (const [i, commit] of history.commits.entries()) {
          if (aborted) return;
          await store.append(commit.streamId, commit.expectedVersion, commit.events);
          fed += commit.events.length;
          const ahead = started + ((i + 1) * FEED_MS) / history.commits.length - Date.now();
          if (ahead > 0) await delay(ahead);
        }
      } finally {
        feeding = false;
        note(`feed done: ${fed} events in ${Date.now() - started} ms`);
      }
    };

    // ---- the projector: killed shortly after each restart has made progress ----
    const projectorChaos = async (random: Random) => {
      for (let kill = 1; kill <= PROJECTOR_KILLS && !aborted; kill++) {
        const before = await probe.committed(group, topic);
        // A restarted member waits out the dead one's session (about 30 s) before it consumes again.
        await until(
          `${projector.name} commits progress`,
          async () =>
            (await probe.committed(group, topic)) > before ||
            (!feeding && (await probe.lag(group, topic)) === 0),
          60_000,
        );
        await delay(random.int(0, 1_500));
        if (aborted) return;
        await supervisor.kill(projector);
        note(`SIGKILL ${projector.name} (kill ${kill}), ${await probe.lag(group, topic)} messages behind`);
        await delay(random.int(0, 1_000));
        projector = await startProjector();
      }
    };

    // ---- the case API (publisher): crashes, and rolling restarts where two publishers overlap ----
    const apiChaos = async (random: Random) => {
      for (let kill = 1; kill <= API_KILLS && !aborted; kill++) {
        const before = await checkpoint();
        await until(
          `${api.name} publishes`,
          async () => {
            const now = await checkpoint();
            return now > before || (!feeding && now === (await store.headPosition()));
          },
          30_000,
        );
        await delay(random.int(1_000, 10_000));
        if (aborted) return;
        // The second restart always overlaps, the first never (it sets the checkpoint back, below),
        // others may.
        if (kill === 2 || (kill !== 1 && random.chance(0.3))) {
          // A replacement starts before the old one dies: both publish for a while.
          const replacement = await startCaseApi();
          await delay(random.int(1_000, 2_500));
          await supervisor.kill(api);
          note(
            `SIGKILL ${api.name} (kill ${kill}) after ${replacement.name} took over; checkpoint ${await checkpoint()}`,
          );
          api = replacement;
        } else {
          await supervisor.kill(api);
          note(`SIGKILL ${api.name} (kill ${kill}); checkpoint ${await checkpoint()}, store at ${fed}`);
          if (kill === 1) {
            // What a kill between a batch's send and its checkpoint leaves, made certain rather than
            // left to where the kill lands (the lease keeps overlapping publishers from both sending,
            // so an overlap alone need not send anything twice): the next publisher sends again
            // what the topic already holds, and the projector must meet those duplicates.
            const at = await checkpoint();
            const back = Math.max(0, at - REWIND_EVENTS);
            await db
              .collection<{ _id: string; position: number }>('checkpoints')
              .updateOne({ _id: PUBLISHER_NAME }, { $set: { position: back } });
            note(
              `checkpoint set back from ${at} to ${back}, as a kill after a send and before its save leaves it`,
            );
          }
          // Down for a while, so a backlog builds for the next one to publish in several batches.
          await delay(random.int(200, 3_000));
          if (aborted) return;
          api = await startCaseApi();
        }
      }
    };

    const outcomes = await Promise.allSettled([
      task(feed),
      task(() => projectorChaos(seededRandom(SEED ^ 0x5eed_0001))),
      task(() => apiChaos(seededRandom(SEED ^ 0x5eed_0002))),
    ]);
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;

    // ---- converged: the publisher is at the store's head and the projector has committed all ----
    await eventually(
      async () => {
        noCrashes();
        expect(await store.headPosition()).toBe(total);
        expect(await checkpoint()).toBe(total);
        expect(await probe.lag(group, topic)).toBe(0);
      },
      90_000,
      250,
    );
    const published = await probe.messageCount(topic);
    note(`converged: ${total} events, ${published} messages on the topic (${published - total} redelivered)`);
    noCrashes();
    // The set-back checkpoint sent some events twice (overlaps and badly timed kills may have sent
    // more), so the projector did meet duplicates besides what its own restarts redelivered, and
    // what follows shows they changed nothing.
    expect(published).toBeGreaterThan(total);

    // Every read model equals a rebuild from scratch, computed here in memory from the store as
    // the apps read it (through the upcasters).
    const upcasting = new MongoEventStore(db, 'events', { upcast });
    for (const projection of PROJECTIONS) {
      const rebuilt = new InMemoryReadModelStore();
      const runner = new ProjectionRunner(projection, rebuilt);
      let after = 0;
      let poisoned = 0;
      for (;;) {
        const page = await upcasting.readAll(after, 500);
        if (page.events.length === 0) break;
        poisoned += (await runner.applyBatch(page.events)).poisoned.length;
        after = page.checkpoint;
      }
      expect({ projection: projection.collection, read: after, poisoned }).toEqual({
        projection: projection.collection,
        read: total,
        poisoned: 0,
      });
      const expected = byId(
        (await rebuilt.collection<ReadModelDocument>(projection.collection).find({})).map(asStored),
      );
      const live = byId(await db.collection<ReadModelDocument>(projection.collection).find({}).toArray());
      expect(live.map((d) => d._id)).toEqual(expected.map((d) => d._id));
      // How many differ, and the first of them in full: a diff of thousands of documents helps nobody.
      const differing = expected.flatMap((want, i) => (isDeepStrictEqual(live[i], want) ? [] : [i]));
      const first = differing[0] ?? 0;
      expect({
        collection: projection.collection,
        differing: differing.length,
        first: live[first],
      }).toStrictEqual({
        collection: projection.collection,
        differing: 0,
        first: expected[first],
      });
      expect(live).toStrictEqual(expected);
    }

    // And against the domain itself: one entry per engaged case, at its stream's full length,
    // with what the decider says the case is now; so nothing was lost or counted twice.
    const caseloads = byId(await db.collection<CaseloadEntry>('caseloads').find({}).toArray());
    expect(caseloads).toHaveLength(history.cases.size);
    const expected = [...history.cases.values()].map(({ caseId, state, version }) => {
      if (state.status === 'initial') throw new Error(`Case ${caseId} was never engaged`);
      return {
        _id: caseId,
        version,
        status: state.status,
        caseManagerId: state.caseManagerId,
        clientId: state.clientId,
        lastContactAt: state.lastContactAt,
        openReferrals: openReferrals(state),
        referrals: Object.keys(state.referrals).length,
      };
    });
    expect(
      caseloads.map((doc) => ({
        _id: doc._id,
        version: doc.version,
        status: doc.status,
        caseManagerId: doc.caseManagerId,
        clientId: doc.clientId,
        lastContactAt: doc.lastContactAt,
        openReferrals: doc.openReferrals,
        referrals: Object.keys(doc.referrals).length,
      })),
    ).toEqual(byId(expected));
    // The timeline has one entry per event, in order; the outcome facts count reopenings as the
    // domain does: none lost, none twice.
    const timelines = byId(await db.collection<Timeline>(TIMELINES).find({}).toArray());
    expect(timelines.map((t) => ({ _id: t._id, versions: t.entries.map((e) => e.version) }))).toEqual(
      byId(expected).map(({ _id, version }) => ({
        _id,
        versions: Array.from({ length: version }, (_, i) => i + 1),
      })),
    );
    const facts = byId(await db.collection<CaseFacts>(CASE_FACTS).find({}).toArray());
    expect(
      facts.map((f) => ({
        _id: f._id,
        status: f.status,
        reopened: f.reopenedCount,
        episodes: f.episodes.length,
      })),
    ).toEqual(
      byId(
        [...history.cases.values()].map(({ caseId, state }) => ({
          _id: caseId,
          status: state.status,
          reopened: state.status === 'initial' ? 0 : state.reopenedCount,
          episodes: state.status === 'initial' ? 0 : state.reopenedCount + 1,
        })),
      ),
    );
    const streams = await Promise.all(caseloads.map((doc) => store.readStream(doc._id)));
    expect(streams.map((s) => s.length)).toEqual(caseloads.map((doc) => doc.version));
    expect(streams.reduce((sum, s) => sum + s.length, 0)).toBe(total);

    // Nothing was dead-lettered: every event was applicable, whatever the crashes.
    expect(await probe.messageCount(deadLetterTopic(topic))).toBe(0);

    const kills = supervisor.killed;
    expect(kills.filter((p) => p.name.startsWith('projector')).length).toBeGreaterThanOrEqual(
      PROJECTOR_KILLS,
    );
    expect(kills.filter((p) => p.name.startsWith('case-api')).length).toBeGreaterThanOrEqual(API_KILLS);
    console.log(`[crash] seed ${SEED}:\n${events.join('\n')}`);
    passed = true;
  }, 240_000);
});
