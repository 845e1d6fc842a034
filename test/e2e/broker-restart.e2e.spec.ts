import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { MongoClient, type Db } from 'mongodb';
import { MongoEventStore } from '@casetrail/event-store';
import { EVENT_TRANSPORT, KafkaTransport } from '@casetrail/messaging';
import type { CasetrailConfig } from '@casetrail/platform';
import { PROJECTIONS, type ReadModelDocument } from '@casetrail/read-models';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { generateCaseHistory, type GeneratedCommit } from '../support/case-generator';
import { cleanUp } from '../support/cleanup';
import { DedicatedKafka } from '../support/dedicated-kafka';
import { KafkaProbe } from '../support/lag';
import { delay } from '../support/processes';
import { seededRandom } from '../support/random';
import { sealingFor } from '../support/sealing';

/**
 * The broker killed (-9) and restarted under load, with nobody touching the API or the projector
 * afterwards: the projector's consumer must come back by itself (kafkajs may crash it for good on
 * the way, "The coordinator is not aware of this member"), the lag must return to 0 within 60 s
 * of the restart, and every acknowledged event must reach every read model.
 */

const note = (message: string) => process.stdout.write(`[broker-restart] ${message}\n`);
const RECOVERY_MS = 60_000;
const WRITERS = 4;
const PACE_MS = 20;

describe('a broker killed and restarted under load', () => {
  const kafka = new DedicatedKafka('ct-fault-kafka', 9192, 9193);
  const h = {} as {
    config: CasetrailConfig;
    api: { app: INestApplication; url: string };
    projector: INestApplicationContext;
    mongo: MongoClient;
    db: Db;
  };

  beforeAll(async () => {
    // A broker left over by an interrupted run would be killed again with its old data: start clean.
    await kafka.purge();
    await kafka.up();
    h.config = isolatedExternalConfig({ KAFKA_BROKERS: kafka.brokers });
    h.api = await startApi(h.config);
    h.projector = await startProjector(h.config);
    h.mongo = await new MongoClient(h.config.mongo.uri).connect();
    h.db = h.mongo.db(h.config.mongo.database);
  }, 180_000);

  afterAll(async () => {
    await cleanUp(
      () => h.projector?.close(),
      () => h.api?.app.close(),
      () => h.db?.dropDatabase(),
      () => h.mongo?.close(),
      () => kafka.purge(),
    );
  }, 180_000);

  it('recovers by itself: lag back to 0 within 60 s, every acknowledged event projected', async () => {
    const { topic, projectorGroup: group } = h.config.kafka;
    // Appended as the apps append: sealed under each client's key (the topic refuses client data in the clear).
    const store = (await sealingFor(h.config, h.db)).wrap(await new MongoEventStore(h.db).init());
    const history = generateCaseHistory(seededRandom(20_261_202), { minEvents: 20_000, concurrentCases: 40 });
    // Writers append in each case's order; cases are spread over them as over API instances.
    const lanes: GeneratedCommit[][] = Array.from({ length: WRITERS }, () => []);
    const lane = new Map<string, number>();
    for (const commit of history.commits) {
      if (!lane.has(commit.streamId)) lane.set(commit.streamId, lane.size % WRITERS);
      lanes[lane.get(commit.streamId)!]!.push(commit);
    }
    /** Each case's version as acknowledged to its writer: what the read models must reach. */
    const acknowledged = new Map<string, number>();
    let appended = 0;
    let stop = false;
    const writers = lanes.map(async (commits) => {
      for (const commit of commits) {
        if (stop) return;
        const result = await store.append(commit.streamId, commit.expectedVersion, commit.events);
        acknowledged.set(commit.streamId, result.nextExpectedVersion);
        appended += commit.events.length;
        // A steady load, not the most the shared machine can give: the backlog to catch up on after
        // the restart stays the same from run to run, so the 60 s measure recovery, not raw speed.
        await delay(PACE_MS);
      }
    });
    const load = Promise.all(writers);

    await delay(4_000);
    const before = appended;
    const pid = kafka.kill();
    note(`killed broker pid ${pid} after ${before} acknowledged events`);
    await delay(6_000);
    const killedAt = appended;
    await kafka.up();
    const restartedAt = Date.now();
    note(`broker up again; ${killedAt - before} events acknowledged while it was down`);
    await delay(4_000);
    stop = true;
    await load;
    note(`load stopped: ${appended} events acknowledged in ${acknowledged.size} cases`);
    expect(killedAt).toBeGreaterThan(before);

    const probe = await KafkaProbe.connect(kafka.brokers);
    try {
      const versions = async (collection: string) =>
        new Map(
          (
            await h.db
              .collection<ReadModelDocument>(collection)
              .find({}, { projection: { _id: 1, version: 1 } })
              .toArray()
          ).map((d) => [d._id, d.version]),
        );
      const behind = async () => {
        let missing = 0;
        for (const { collection } of PROJECTIONS) {
          const docs = await versions(collection);
          for (const [caseId, version] of acknowledged) if ((docs.get(caseId) ?? 0) < version) missing++;
        }
        return missing;
      };
      let lag = Number.NaN;
      let unprojected = Number.NaN;
      let nextNote = Date.now();
      // Nobody acts from here on: only the apps' own recovery can make this pass.
      while (Date.now() - restartedAt < RECOVERY_MS) {
        lag = await probe.lag(group, topic).catch(() => Number.NaN);
        unprojected = lag === 0 ? await behind() : Number.NaN;
        if (lag === 0 && unprojected === 0) break;
        if (Date.now() >= nextNote) {
          nextNote += 5_000;
          const published = await probe.messageCount(topic).catch(() => Number.NaN);
          note(
            `+${((Date.now() - restartedAt) / 1000).toFixed(0)} s: ${published} of ${appended} published, lag ${lag}`,
          );
        }
        await delay(500);
      }
      const transport = h.projector.get<KafkaTransport>(EVENT_TRANSPORT);
      const publishing = h.api.app.get<KafkaTransport>(EVENT_TRANSPORT);
      note(
        `${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the restart: lag ${lag}, ` +
          `${unprojected} case documents behind; consumers replaced after a crash for good: ${transport.crashes}; ` +
          `producers given up after a failed send: ${publishing.producerResets}`,
      );
      expect({ lag, unprojected }).toEqual({ lag: 0, unprojected: 0 });
      // Exactly the acknowledged versions, not beyond (nothing invented, nothing lost).
      for (const { collection } of PROJECTIONS) {
        const docs = await versions(collection);
        const wrong = [...acknowledged].filter(([caseId, version]) => docs.get(caseId) !== version);
        expect({ collection, wrong: wrong.length }).toEqual({ collection, wrong: 0 });
      }
    } finally {
      await probe.close();
    }
  }, 170_000);
});
