import { randomBytes, randomUUID } from 'node:crypto';
import type { AccessEntry } from '@casetrail/domain';
import {
  AccessRecorder,
  MongoEventStore,
  type EventStore,
  type EventToAppend,
  type StoredEvent,
} from '@casetrail/event-store';
import {
  ACCESS_LOG,
  AccessLogProjector,
  MongoReadModelStore,
  readAccessLogPage,
  type AccessLogEntry,
} from '@casetrail/read-models';
import { LocalKeyManagement, MemoryProtectionStore, openProtection } from '@casetrail/protection';
import { readTopic } from '../../../test/support/kafka';
import { openTestDatabase } from '../../../test/support/mongo';
import { KafkaTransport } from './kafka/kafka-transport';
import { InMemoryCheckpointStore } from './local/in-memory-checkpoints';
import { Publisher } from './publisher';
import { decodeCaseEvent } from './case-event-decoder';

let database: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

const entry = (n: number): AccessEntry => ({
  actor: { id: `worker-${n}`, role: 'case_manager' },
  route: 'GET /cases/:caseId',
  outcome: n % 4 === 0 ? 'denied' : 'granted',
  denial: n % 4 === 0 ? 'NOT_ASSIGNED' : null,
  cases: [{ caseId: `case-${n % 5}`, teamId: 'team-1', programId: null }],
  reason: null,
  emergencyUntil: null,
  at: new Date(Date.UTC(2026, 2, 1, 10, 0, n)).toISOString(),
  correlationId: `corr-${n}`,
});

/** Counts the commits that reach the real store. */
const counting = (inner: EventStore) => {
  const commits: number[] = [];
  const store: EventStore = {
    append: async (streamId, expectedVersion, events) => {
      const result = await inner.append(streamId, expectedVersion, events);
      commits.push(events.length);
      return result;
    },
    readStream: (streamId, fromVersion) => inner.readStream(streamId, fromVersion),
    readAll: (after, limit) => inner.readAll(after, limit),
    headPosition: () => inner.headPosition(),
    get holesPassed() {
      return inner.holesPassed;
    },
    close: () => inner.close(),
  };
  return { store, commits };
};

const caseEvent = (streamId: string): EventToAppend => ({
  eventId: randomUUID(),
  type: 'CaseAssigned',
  schemaVersion: 1,
  streamId,
  occurredAt: '2026-03-01T09:00:00.000Z',
  recordedAt: '2026-03-01T09:00:00.000Z',
  actor: { id: 'sup-1', role: 'supervisor' },
  correlationId: 'c',
  causationId: randomUUID(),
  data: { caseManagerId: 'cm-1' },
  pii: {},
});

describe('the access log on the real database and broker', () => {
  it('group-commits 200 concurrent records into a few commits of the MongoDB event store', async () => {
    const mongo = await new MongoEventStore(database.db, `events_${randomUUID().slice(0, 8)}`).init();
    const { store, commits } = counting(mongo);
    const recorder = new AccessRecorder(store);
    await Promise.all(Array.from({ length: 200 }, (_, i) => recorder.record(entry(i))));
    expect(commits.reduce((a, b) => a + b, 0)).toBe(200);
    expect(commits.length).toBeLessThanOrEqual(10);
    const stream = await mongo.readStream(recorder.streamId);
    expect(stream.map((e) => e.version)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(stream.map((e) => e.correlationId)).size).toBe(200);
  });

  it('publishes access events to the access topic only, case events to the case topic only', async () => {
    const mongo = await new MongoEventStore(database.db, `events_${randomUUID().slice(0, 8)}`).init();
    const topic = `ct-access-case-${randomUUID().slice(0, 8)}`;
    const accessTopic = `ct-access-${randomUUID().slice(0, 8)}`;
    const transport = new KafkaTransport({
      brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
      clientId: 'casetrail-access-int',
      topic,
      accessTopic,
      partitions: 3,
      replicationFactor: 1,
      decode: decodeCaseEvent,
    });
    await transport.ensureTopic();
    // Sealed as the apps append: the topic's contract refuses client data in the clear.
    const protection = await openProtection({
      store: new MemoryProtectionStore(),
      kms: new LocalKeyManagement(randomBytes(32)),
    });
    const sealed = protection.sealing(mongo);
    try {
      const caseId = randomUUID();
      await protection.prepareClient(caseId, caseId, { givenName: 'A', familyName: 'B', dateOfBirth: null });
      await sealed.append(caseId, 0, [{ ...caseEvent(caseId), dataSubject: caseId }]);
      const recorder = new AccessRecorder(sealed);
      await Promise.all([1, 2, 3].map((n) => recorder.record(entry(n))));
      await sealed.append(caseId, 1, [{ ...caseEvent(caseId), dataSubject: caseId }]);
      await new Publisher(mongo, transport, new InMemoryCheckpointStore(), {
        name: 'p',
        batchSize: 100,
        idleMs: 50,
      }).drain();

      const onAccess = await readTopic(accessTopic, (m) => m.length >= 3);
      expect(onAccess.map((m) => m.key?.toString())).toEqual([
        recorder.streamId,
        recorder.streamId,
        recorder.streamId,
      ]);
      const values = onAccess.map(
        (m) => JSON.parse(m.value!.toString()) as { type: string; data: { route: string } },
      );
      expect(values.map((v) => v.type)).toEqual([
        'CaseRecordsAccessed',
        'CaseRecordsAccessed',
        'CaseRecordsAccessed',
      ]);
      const onCases = await readTopic(topic, (m) => m.length >= 2);
      expect(onCases.map((m) => m.key?.toString())).toEqual([caseId, caseId]);
      expect(transport.topicOf('access')).toBe(accessTopic);

      // The projector's access subscription decodes them (schema-checked) and keeps access_log.
      const readModels = new MongoReadModelStore(database.db);
      const projector = new AccessLogProjector(readModels, ACCESS_LOG);
      await projector.init();
      const received: StoredEvent[] = [];
      const subscription = await transport.subscribe(
        `ct-access-group-${randomUUID().slice(0, 8)}`,
        async (events) => {
          received.push(...events);
          await projector.applyBatch(events);
          return [];
        },
        'access',
      );
      const deadline = Date.now() + 30_000;
      while (received.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await subscription.close();
      expect(received.map((e) => e.streamId)).toEqual([
        recorder.streamId,
        recorder.streamId,
        recorder.streamId,
      ]);
      const page = await readAccessLogPage(readModels, 'case-1');
      expect(page.entries.map((e: AccessLogEntry) => e.actor.id)).toEqual(['worker-1']);
      // A redelivery adds nothing.
      expect(await projector.applyBatch(received)).toBe(0);
    } finally {
      await transport.close();
      await protection.close();
    }
  });
});
