import { randomUUID } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Kafka, Partitioners, logLevel, type KafkaMessage, type Producer } from 'kafkajs';
import { MongoClient, type Db } from 'mongodb';
import { MESSAGE_HEADERS, type CaseEventMessage } from '@casetrail/contracts';
import { MongoEventStore, type EventToAppend } from '@casetrail/event-store';
import { DEAD_LETTER_HEADERS, deadLetterTopic } from '@casetrail/messaging';
import type { CasetrailConfig } from '@casetrail/platform';
import { PROJECTIONS, type ReadModelDocument } from '@casetrail/read-models';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { generateCaseHistory } from '../support/case-generator';
import { cleanUp } from '../support/cleanup';
import { eventually } from '../support/http';
import { readTopic } from '../support/kafka';
import { KafkaProbe } from '../support/lag';
import { seededRandom } from '../support/random';
import { sealingFor } from '../support/sealing';

/**
 * A well-formed message claiming a version its case never had: the projector checks it against
 * the event store, parks it on the dead-letter topic, and the case's real next versions still apply.
 */

const header = (message: KafkaMessage, name: string): string | undefined => {
  const value = message.headers?.[name];
  return Array.isArray(value) ? value[0]?.toString() : value?.toString();
};

describe('a forged future version', () => {
  const h = {} as {
    config: CasetrailConfig;
    api: { app: INestApplication; url: string };
    projector: INestApplicationContext;
    mongo: MongoClient;
    db: Db;
    probe: KafkaProbe;
    producer: Producer;
  };
  beforeAll(async () => {
    h.config = isolatedExternalConfig();
    h.api = await startApi(h.config);
    h.projector = await startProjector(h.config);
    h.mongo = await new MongoClient(h.config.mongo.uri).connect();
    h.db = h.mongo.db(h.config.mongo.database);
    h.probe = await KafkaProbe.connect();
    const kafka = new Kafka({
      clientId: 'casetrail-test-forger',
      brokers: [...h.config.kafka.brokers],
      logLevel: logLevel.NOTHING,
    });
    h.producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await h.producer.connect();
  });
  afterAll(async () => {
    await cleanUp(
      () => h.projector?.close(),
      () => h.api?.app.close(),
      () => h.producer?.disconnect(),
      () => h.probe?.deleteGroups(h.config.kafka.projectorGroup),
      () => h.probe?.deleteTopics(h.config.kafka.topic, deadLetterTopic(h.config.kafka.topic)),
      () => h.probe?.close(),
      () => h.db?.dropDatabase(),
      () => h.mongo?.close(),
    );
  });

  it('is dead-lettered, never applied, and the real versions 3 and 4 then apply', async () => {
    const { topic, projectorGroup: group } = h.config.kafka;
    // Appended as the apps append: sealed under each client's key (the topic refuses client data in the clear).
    const store = (await sealingFor(h.config, h.db)).wrap(await new MongoEventStore(h.db).init());
    const history = generateCaseHistory(seededRandom(999), { minEvents: 6, concurrentCases: 1 });
    const [caseId] = [...history.cases.keys()];
    const events: EventToAppend[] = history.commits
      .filter((c) => c.streamId === caseId)
      .flatMap((c) => c.events);
    expect(events.length).toBeGreaterThanOrEqual(4);
    const versions = async () =>
      Object.fromEntries(
        await Promise.all(
          PROJECTIONS.map(async ({ collection }) => [
            collection,
            (await h.db.collection<ReadModelDocument>(collection).findOne({ _id: caseId! }))?.version,
          ]),
        ),
      ) as Record<string, number | undefined>;
    const all = (version: number) => Object.fromEntries(PROJECTIONS.map((p) => [p.collection, version]));

    // The case at version 2, projected everywhere.
    for (const [i, event] of events.slice(0, 2).entries()) await store.append(caseId!, i, [event]);
    await eventually(async () => expect(await versions()).toEqual(all(2)));
    await eventually(async () => expect(await h.probe.lag(group, topic)).toBe(0));

    // Version 2's own message, as the publisher put it on the topic, now claiming version 999.
    const published = await readTopic(topic, (messages) => messages.length >= 2);
    const second = published
      .map((m) => JSON.parse(m.value!.toString()) as CaseEventMessage)
      .find((m) => m.caseId === caseId && m.streamVersion === 2)!;
    const forged: CaseEventMessage = {
      ...second,
      eventId: randomUUID(),
      streamVersion: 999,
      globalPosition: second.globalPosition + 1000,
    };
    await h.producer.send({
      topic,
      acks: -1,
      messages: [
        {
          key: caseId!,
          value: JSON.stringify(forged),
          headers: {
            [MESSAGE_HEADERS.eventType]: forged.type,
            [MESSAGE_HEADERS.eventId]: forged.eventId,
            [MESSAGE_HEADERS.schemaVersion]: String(forged.schemaVersion),
            [MESSAGE_HEADERS.caseId]: forged.caseId,
            [MESSAGE_HEADERS.correlationId]: forged.correlationId,
            [MESSAGE_HEADERS.causationId]: forged.causationId,
          },
        },
      ],
    });

    const [letter] = await readTopic(deadLetterTopic(topic), (messages) => messages.length >= 1);
    expect(header(letter!, MESSAGE_HEADERS.eventId)).toBe(forged.eventId);
    expect(header(letter!, DEAD_LETTER_HEADERS.group)).toBe(group);
    // Named once, by the first projection that met it: ids and versions only.
    expect(header(letter!, DEAD_LETTER_HEADERS.error)).toMatch(
      new RegExp(`@999: not in the event store \\(the stream is at v2 there\\)$`),
    );
    await eventually(async () => expect(await h.probe.lag(group, topic)).toBe(0));
    expect(await versions()).toEqual(all(2));

    // The case's real versions 3 and 4 apply as if the forgery had never come.
    for (const [i, event] of events.slice(2, 4).entries()) await store.append(caseId!, i + 2, [event]);
    await eventually(async () => expect(await versions()).toEqual(all(4)));
    await eventually(async () => expect(await h.probe.lag(group, topic)).toBe(0));
    expect(await h.probe.messageCount(deadLetterTopic(topic))).toBe(1);
  });
});
