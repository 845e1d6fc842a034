import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import { MESSAGE_HEADERS, type CaseEventMessage } from '@casetrail/contracts';
import type { CasetrailConfig } from '@casetrail/platform';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { api, eventually } from '../support/http';
import { readTopic } from '../support/kafka';

/**
 * The thin slice through real parts: HTTP -> event store in the MongoDB-wire database ->
 * publisher -> Kafka -> projector -> caseload read model in the database -> HTTP.
 */
describe('engaging a client, end to end over Kafka and MongoDB', () => {
  let config: CasetrailConfig;
  let caseApi: { app: INestApplication; url: string };
  let projector: INestApplicationContext;
  let mongo: MongoClient;

  beforeAll(async () => {
    config = isolatedExternalConfig();
    expect(config.mode).toBe('external');
    caseApi = await startApi(config);
    projector = await startProjector(config);
    mongo = await new MongoClient(config.mongo.uri).connect();
  });

  afterAll(async () => {
    await projector?.close();
    await caseApi?.app.close();
    await mongo?.db(config.mongo.database).dropDatabase();
    await mongo?.close();
  });

  it('stores, publishes keyed by case, projects, and lists the case on the caseload', async () => {
    // An intake worker of the program opens the case; its case manager reads their own caseload.
    const client = api(caseApi.url, { id: 'intake-9', role: 'intake_worker', programs: ['housing-first'] });
    const caseManager = api(caseApi.url, { id: 'cm-e2e', role: 'case_manager' });
    const engaged = await client.post('/cases', {
      programId: 'housing-first',
      teamId: 'team-north',
      caseManagerId: 'cm-e2e',
      referralSource: 'hospital',
      consent: { toServices: true, toInformationSharing: true, sharingWith: ['county-housing'] },
      client: { givenName: 'Walter', familyName: 'Reyes', dateOfBirth: '1968-02-14' },
      presentingConcerns: 'Discharged from hospital with no fixed address',
      engagedAt: '2026-03-02T09:30:00.000Z',
    });
    expect(engaged.status).toBe(201);
    const caseId = engaged.body.caseId as string;
    expect(engaged.body).toMatchObject({ version: 1, events: [{ type: 'ClientEngaged', version: 1 }] });

    // The event store holds it in the real database.
    const commits = await mongo
      .db(config.mongo.database)
      .collection('events')
      .find({ streamId: caseId })
      .toArray();
    expect(commits).toHaveLength(1);
    expect(commits[0]).toMatchObject({ sv: `${caseId}@1`, count: 1 });

    // The caseload, built by the projector from Kafka, lists it, and says it is caught up.
    const caseload = await eventually(async () => {
      const response = await caseManager.get('/caseloads/cm-e2e');
      expect(response.body.total).toBe(1);
      expect(response.body.freshness).toMatchObject({ behindByEvents: 0 });
      return response.body;
    });
    // Positions are the store's global log, which also holds the access log: each caseload read
    // above was recorded there, so the head is past the engagement's position 1. The engagement
    // is published, and the store holds nothing else but those reads' access entries.
    const everything = await mongo
      .db(config.mongo.database)
      .collection<{
        _id: number;
        streamId: string;
        count: number;
        events: { type: string; actor: { id: string }; data: { route?: string } }[];
      }>('events')
      .find({})
      .toArray();
    const head = Math.max(...everything.map((commit) => commit._id + commit.count - 1));
    const freshness = caseload.freshness as { storePosition: number; publishedPosition: number };
    expect(freshness.publishedPosition).toBeGreaterThanOrEqual(1);
    expect(freshness.storePosition).toBeGreaterThanOrEqual(freshness.publishedPosition);
    expect(freshness.storePosition).toBeLessThanOrEqual(head);
    const others = everything.filter((commit) => commit.streamId !== caseId);
    expect(others.length).toBeGreaterThan(0);
    for (const commit of others)
      for (const event of commit.events)
        expect({ stream: commit.streamId, event }).toMatchObject({
          stream: expect.stringMatching(/^access-/),
          event: {
            type: 'CaseRecordsAccessed',
            actor: { id: 'cm-e2e' },
            data: { route: 'GET /caseloads/:caseManagerId' },
          },
        });
    expect(caseload.cases[0]).toMatchObject({
      caseId,
      clientName: 'Walter Reyes',
      programId: 'housing-first',
      caseManagerId: 'cm-e2e',
      status: 'open',
      stage: 'engagement',
      engagedAt: '2026-03-02T09:30:00.000Z',
      version: 1,
    });
    const stored = await mongo
      .db(config.mongo.database)
      .collection('caseloads')
      .findOne({ _id: caseId as never });
    expect(stored).toMatchObject({ version: 1, caseManagerId: 'cm-e2e' });

    // The message on the topic, as a downstream service sees it.
    const [message] = await readTopic(config.kafka.topic, (messages) => messages.length >= 1);
    expect(message!.key?.toString()).toBe(caseId);
    expect(message!.headers?.[MESSAGE_HEADERS.eventType]?.toString()).toBe('ClientEngaged');
    expect(message!.headers?.[MESSAGE_HEADERS.caseId]?.toString()).toBe(caseId);
    const envelope = JSON.parse(message!.value!.toString()) as CaseEventMessage;
    expect(envelope).toMatchObject({
      envelopeVersion: 1,
      type: 'ClientEngaged',
      schemaVersion: 2,
      caseId,
      streamVersion: 1,
      globalPosition: 1,
      occurredAt: '2026-03-02T09:30:00.000Z',
      actor: { id: 'intake-9', role: 'intake_worker' },
      data: { programId: 'housing-first', caseManagerId: 'cm-e2e', referralSource: 'hospital' },
      // Sealed under the client's own key: the topic never carries client data in the clear.
      pii: { sealed: 1, alg: 'A256GCM', kid: expect.stringMatching(/^client\//) },
      prevHash: null,
      hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect(message!.value!.toString()).not.toMatch(/Walter|Reyes|1968-02-14/);
    expect(envelope.eventId).toBe(engaged.body.events[0].eventId);
  });
});
