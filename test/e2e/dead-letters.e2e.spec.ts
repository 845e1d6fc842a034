import { randomUUID, createHash } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Kafka, Partitioners, logLevel, type IHeaders, type KafkaMessage, type Producer } from 'kafkajs';
import { BSON, MongoClient, type Db } from 'mongodb';
import { MESSAGE_HEADERS, type CaseEventMessage } from '@casetrail/contracts';
import { CASE_EVENT_SCHEMA_VERSION, caseDecider, type EngageClient } from '@casetrail/domain';
import { MongoEventStore, type StoredEvent } from '@casetrail/event-store';
import { DEAD_LETTER_HEADERS, deadLetterTopic, toMessage } from '@casetrail/messaging';
import { PUBLISHER_NAME } from '@casetrail/messaging';
import type { CasetrailConfig } from '@casetrail/platform';
import { PROJECTIONS, type CaseloadEntry, type ReadModelDocument } from '@casetrail/read-models';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { generateCaseHistory } from '../support/case-generator';
import { cleanUp } from '../support/cleanup';
import { eventually } from '../support/http';
import { readTopic } from '../support/kafka';
import { KafkaProbe } from '../support/lag';
import { seededRandom } from '../support/random';
import { sealingFor } from '../support/sealing';

/**
 * What the projector does with messages it can never apply (parks them on `<topic>.dlq`, says
 * why, and carries on) and with messages it has already applied (nothing at all).
 */

/** One case's engagement, decided by the real decider, as the publisher would put it on the topic. */
const engagementMessage = (caseId: string, givenName: string, position: number): CaseEventMessage => {
  const command: EngageClient = {
    type: 'EngageClient',
    caseId,
    metadata: {
      recordedAt: '2025-02-03T09:00:00.000Z',
      actor: { id: 'intake-1', role: 'intake_worker' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
      timeZone: 'UTC',
    },
    data: {
      clientId: caseId,
      caseNumber: `CT-DLQ-${position}`,
      programId: 'housing-first',
      teamId: 'team-north',
      caseManagerId: 'cm-dlq',
      referralSource: 'outreach',
      consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
      client: { givenName, familyName: 'Moss', dateOfBirth: '1971-04-09' },
      presentingConcerns: 'Sleeping rough since the winter.',
    },
  };
  const [event] = caseDecider.decide(command, caseDecider.initialState);
  const stored = {
    ...event!,
    eventId: randomUUID(),
    schemaVersion: CASE_EVENT_SCHEMA_VERSION[event!.type],
    streamId: caseId,
    version: 1,
    position,
    recordedAt: command.metadata.recordedAt,
    actor: command.metadata.actor,
    correlationId: command.metadata.correlationId,
    causationId: command.metadata.causationId,
  } as StoredEvent;
  // As the sealing store appends it: the projector copies sealed client data without opening it.
  return toMessage({ ...stored, pii: sealedPlaceholder(givenName) });
};

/** A value in the sealed shape (no key opens it): all a projector needs of an event's client data. */
const sealedPlaceholder = (tag: string) => ({
  sealed: 1 as const,
  alg: 'A256GCM' as const,
  kid: `client/${tag}`,
  iv: createHash('sha256').update(`iv:${tag}`).digest().subarray(0, 12).toString('base64url'),
  ct: createHash('sha256').update(`ct:${tag}`).digest().toString('base64url'),
});

const headersFor = (message: CaseEventMessage): IHeaders => ({
  [MESSAGE_HEADERS.eventType]: message.type,
  [MESSAGE_HEADERS.eventId]: message.eventId,
  [MESSAGE_HEADERS.schemaVersion]: String(message.schemaVersion),
  [MESSAGE_HEADERS.caseId]: message.caseId,
  [MESSAGE_HEADERS.correlationId]: message.correlationId,
  [MESSAGE_HEADERS.causationId]: message.causationId,
});

const header = (message: KafkaMessage, name: string): string | undefined => {
  const value = message.headers?.[name];
  return Array.isArray(value) ? value[0]?.toString() : value?.toString();
};

const byId = <D extends { _id: string }>(docs: readonly D[]): D[] =>
  [...docs].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));

/** Each document's BSON bytes, as the database returned them: equal strings mean byte-for-byte equal. */
const bytesOf = (docs: readonly object[]): string[] =>
  docs.map((doc) => Buffer.from(BSON.serialize(doc)).toString('base64'));

/** An API (hosting the publisher), a projector and a producer of our own, on an isolated database and topic. */
const harness = () => {
  const h = {} as {
    config: CasetrailConfig;
    api: { app: INestApplication; url: string };
    projector: INestApplicationContext;
    mongo: MongoClient;
    db: Db;
    probe: KafkaProbe;
    producer: Producer;
    groups: string[];
  };
  beforeAll(async () => {
    h.config = isolatedExternalConfig();
    h.groups = [h.config.kafka.projectorGroup];
    h.api = await startApi(h.config);
    h.projector = await startProjector(h.config);
    h.mongo = await new MongoClient(h.config.mongo.uri).connect();
    h.db = h.mongo.db(h.config.mongo.database);
    h.probe = await KafkaProbe.connect();
    const kafka = new Kafka({
      clientId: 'casetrail-test-producer',
      brokers: [...h.config.kafka.brokers],
      logLevel: logLevel.NOTHING,
    });
    // The transport's partitioner: a message sent again with its key lands where the original did.
    h.producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await h.producer.connect();
  });
  afterAll(async () => {
    await cleanUp(
      () => h.projector?.close(),
      () => h.api?.app.close(),
      () => h.producer?.disconnect(),
      () => h.probe?.deleteGroups(...h.groups),
      () => h.probe?.deleteTopics(h.config.kafka.topic, deadLetterTopic(h.config.kafka.topic)),
      () => h.probe?.close(),
      () => h.db?.dropDatabase(),
      () => h.mongo?.close(),
    );
  });
  return h;
};

describe('poison messages', () => {
  const h = harness();

  it('parks messages it can never apply on the dead-letter topic, saying why, and carries on', async () => {
    const { topic, projectorGroup: group } = h.config.kafka;
    const [garbledCase, strangerCase, poisonCase, validCase] = [
      randomUUID(),
      randomUUID(),
      randomUUID(),
      randomUUID(),
    ];
    const garbled = Buffer.from('{"caseId": "not json after all", ');
    // JSON, but no case event message at all.
    const stranger = Buffer.from(JSON.stringify({ hello: 'world', caseId: strangerCase }));
    // A well-formed envelope whose client data travels in the clear: refused, never stored anywhere.
    const poison = {
      ...engagementMessage(poisonCase, 'Nobody', 900_001),
      pii: { client: { givenName: 'Nobody', familyName: 'Moss', dateOfBirth: '1971-04-09' } },
    } as unknown as CaseEventMessage;
    const valid = engagementMessage(validCase, 'Ada', 900_002);

    // One send to one partition: the poison sits in the middle of what the projector gets.
    const [sent] = await h.producer.send({
      topic,
      acks: -1,
      messages: [
        { partition: 0, key: garbledCase, value: garbled },
        { partition: 0, key: strangerCase, value: stranger },
        { partition: 0, key: poisonCase, value: JSON.stringify(poison), headers: headersFor(poison) },
        { partition: 0, key: validCase, value: JSON.stringify(valid), headers: headersFor(valid) },
      ],
    });
    const offset = (n: number) => String(BigInt(sent!.baseOffset!) + BigInt(n));
    const caseloads = h.db.collection<CaseloadEntry>('caseloads');

    // The event after them is projected: the projector was not stuck on them.
    const projected = await eventually(async () => {
      const doc = await caseloads.findOne({ _id: validCase });
      expect(doc).not.toBeNull();
      return doc!;
    });
    expect(projected).toMatchObject({
      caseId: validCase,
      clientPii: { pii: sealedPlaceholder('Ada') },
      version: 1,
      status: 'open',
    });
    // ...and their offsets are committed: nothing is left to redeliver.
    await eventually(async () => expect(await h.probe.lag(group, topic)).toBe(0));
    for (const collection of ['caseloads', 'timelines', 'case_facts'])
      expect(
        await h.db
          .collection<{ _id: string }>(collection)
          .countDocuments({ _id: { $in: [garbledCase, strangerCase, poisonCase] } }),
      ).toBe(0);

    const letters = await readTopic(deadLetterTopic(topic), (messages) => messages.length >= 3);
    expect(await h.probe.messageCount(deadLetterTopic(topic))).toBe(3);
    const letter = (key: string) => {
      const found = letters.find((m) => m.key?.toString() === key);
      if (!found) throw new Error(`No dead letter keyed ${key}`);
      return {
        value: found.value,
        error: header(found, DEAD_LETTER_HEADERS.error),
        partition: header(found, DEAD_LETTER_HEADERS.originalPartition),
        offset: header(found, DEAD_LETTER_HEADERS.originalOffset),
        group: header(found, DEAD_LETTER_HEADERS.group),
        eventId: header(found, MESSAGE_HEADERS.eventId),
        eventType: header(found, MESSAGE_HEADERS.eventType),
      };
    };

    // Each is parked as it came (key, value, headers), with why and where it came from.
    expect(letter(garbledCase)).toEqual({
      value: garbled,
      error: expect.stringMatching(/^undecodable: invalid case event message: not JSON: /),
      partition: '0',
      offset: offset(0),
      group,
      eventId: undefined,
      eventType: undefined,
    });
    expect(letter(strangerCase)).toEqual({
      value: stranger,
      error: expect.stringMatching(/^undecodable: invalid case event message: .*required property 'eventId'/),
      partition: '0',
      offset: offset(1),
      group,
      eventId: undefined,
      eventType: undefined,
    });
    const parked = letter(poisonCase);
    expect(parked).toEqual({
      value: expect.any(Buffer),
      error: expect.stringMatching(/^undecodable: invalid case event message: .*\/pii/),
      partition: '0',
      offset: offset(2),
      group,
      // The original headers travel with it, for whoever repairs and replays it.
      eventId: poison.eventId,
      eventType: 'ClientEngaged',
    });
    expect(JSON.parse(parked.value!.toString())).toEqual(poison);
  });
});

describe('duplicate deliveries', () => {
  const h = harness();

  it('change no read-model document, whether redelivered to the same group or replayed by a new one', async () => {
    const { topic } = h.config.kafka;
    // Appended as the apps append: sealed under each client's key (the topic refuses client data in the clear).
    const store = (await sealingFor(h.config, h.db)).wrap(await new MongoEventStore(h.db).init());
    // A few realistic case histories, appended where the API's publisher picks them up.
    const history = generateCaseHistory(seededRandom(20_250_203), { minEvents: 60, concurrentCases: 4 });
    for (const commit of history.commits)
      await store.append(commit.streamId, commit.expectedVersion, commit.events);
    const total = history.eventCount;
    /** Every read model the projector keeps, each collection's documents in id order. */
    const snapshot = async () =>
      Object.fromEntries(
        await Promise.all(
          PROJECTIONS.map(
            async ({ collection }) =>
              [
                collection,
                byId(await h.db.collection<ReadModelDocument>(collection).find({}).toArray()),
              ] as const,
          ),
        ),
      );
    const settled = async (group: string) => {
      const checkpoint = await h.db
        .collection<{ _id: string; position: number }>('checkpoints')
        .findOne({ _id: PUBLISHER_NAME });
      expect(checkpoint?.position).toBe(total);
      expect(await h.probe.lag(group, topic)).toBe(0);
    };
    const versions = Object.fromEntries([...history.cases.values()].map((c) => [c.caseId, c.version]));
    await eventually(async () => {
      await settled(h.config.kafka.projectorGroup);
      for (const docs of Object.values(await snapshot()))
        expect(Object.fromEntries(docs.map((d) => [d._id, d.version]))).toEqual(versions);
    });
    const before = await snapshot();
    expect(Object.keys(before)).toEqual(PROJECTIONS.map((p) => p.collection));
    const [someCase] = Object.keys(versions);

    // The publisher's messages, exactly as they are on the topic.
    const originals = await readTopic(topic, (messages) => messages.length >= total);
    expect(originals).toHaveLength(total);
    const envelopes = originals.map((m) => JSON.parse(m.value!.toString()) as CaseEventMessage);
    // Sent again: each case's stream except its last event, so each case's last delivery is an old
    // event (were it applied, the document would go back in time); one case's stream whole, too.
    const again = originals.filter((_, i) => {
      const { caseId, streamVersion } = envelopes[i]!;
      return streamVersion < versions[caseId]! || caseId === someCase;
    });
    expect(again.length).toBeGreaterThan(history.cases.size);
    await h.producer.send({
      topic,
      acks: -1,
      messages: again.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
    });
    const sentAgain = await h.probe.messageCount(topic);
    expect(sentAgain).toBe(total + again.length);

    // Redelivered to the group that already applied them: consumed, and nothing changes.
    await eventually(() => settled(h.config.kafka.projectorGroup));
    const afterRedelivery = await snapshot();
    expect(afterRedelivery).toStrictEqual(before);
    for (const [collection, docs] of Object.entries(afterRedelivery))
      expect({ collection, bytes: bytesOf(docs) }).toEqual({
        collection,
        bytes: bytesOf(before[collection]!),
      });

    // A new consumer group replays the whole topic, duplicates included, into the same database.
    await h.projector.close();
    const replayGroup = `${h.config.kafka.projectorGroup}-replay`;
    h.groups.push(replayGroup);
    h.projector = await startProjector({
      ...h.config,
      kafka: { ...h.config.kafka, projectorGroup: replayGroup },
    });
    await eventually(() => settled(replayGroup));
    expect(await h.probe.committed(replayGroup, topic)).toBe(sentAgain);
    const afterReplay = await snapshot();
    expect(afterReplay).toStrictEqual(before);
    for (const [collection, docs] of Object.entries(afterReplay))
      expect({ collection, bytes: bytesOf(docs) }).toEqual({
        collection,
        bytes: bytesOf(before[collection]!),
      });

    // Duplicates are not poison.
    expect(await h.probe.messageCount(deadLetterTopic(topic))).toBe(0);
  });
});
