import type { INestApplication } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import { CONTACT_TYPES, isAccessStream } from '@casetrail/domain';
import type { CasetrailConfig } from '@casetrail/platform';
import { isolatedExternalConfig, startApi } from '../support/apps';
import { api } from '../support/http';

type Client = ReturnType<typeof api>;
type Reply = Awaited<ReturnType<Client['post']>>;

const CASES = 12;
const RACERS = 50;
const HOUR_MS = 3_600_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

const tally = (replies: readonly Reply[]): Record<number, number> =>
  replies.reduce<Record<number, number>>((counts, { status }) => {
    counts[status] = (counts[status] ?? 0) + 1;
    return counts;
  }, {});

/** A contact body that differs per racer, so the stored event tells which request won. */
const contactBody = (round: string, racer: number, happenedAt: string) => ({
  contactId: `${round}-contact-${racer}`,
  contactType: CONTACT_TYPES[racer % CONTACT_TYPES.length],
  participants: [{ kind: 'client' }, { kind: 'professional', id: `pro-${racer}`, role: 'nurse' }],
  durationMinutes: racer + 1,
  summary: `${round}: racer ${racer} met the client`,
  happenedAt,
});

interface StoredEvent {
  readonly eventId: string;
  readonly type: string;
  readonly version: number;
  readonly position: number;
  readonly data: { readonly contactId?: string };
  readonly pii: { readonly summary?: string };
}

/**
 * Optimistic concurrency through HTTP against the real event store (FerretDB): many writers on
 * one case at once, on many cases at once. Exactly the writers that saw the head win, the others
 * get a 409 naming the actual version, and versions and global positions never repeat or gap.
 */
describe('concurrent commands on the same case, against the real event store', () => {
  let config: CasetrailConfig;
  let caseApi: { app: INestApplication; url: string };
  let mongo: MongoClient;
  let worker: Client;
  let caseIds: string[];
  const happenedAt = new Date(Date.now() - HOUR_MS).toISOString();

  beforeAll(async () => {
    config = isolatedExternalConfig();
    expect(config.mode).toBe('external');
    caseApi = await startApi(config);
    mongo = await new MongoClient(config.mongo.uri).connect();
    worker = api(caseApi.url, { id: 'cm-race', role: 'case_manager' });
    const intake = api(caseApi.url, {
      id: 'intake-race',
      role: 'intake_worker',
      programs: ['housing-first'],
    });
    // Engaged and assessed, so every contact the racers record is one the domain accepts.
    caseIds = await Promise.all(
      range(CASES).map(async (n) => {
        const engaged = await intake.post('/cases', {
          programId: 'housing-first',
          caseManagerId: 'cm-race',
          referralSource: 'outreach',
          consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
          client: { givenName: 'Racer', familyName: `Case${n}`, dateOfBirth: '1980-01-01' },
          presentingConcerns: 'Sleeping rough',
          engagedAt: new Date(Date.now() - 2 * HOUR_MS).toISOString(),
        });
        expect({ status: engaged.status, body: engaged.body }).toMatchObject({ status: 201 });
        const caseId = engaged.body.caseId as string;
        const assessed = await worker.post(`/cases/${caseId}/assessments`, {
          needs: [{ needId: 'need-housing', domain: 'housing', severity: 'high' }],
          summary: 'Needs housing',
        });
        expect({ status: assessed.status, body: assessed.body }).toMatchObject({
          status: 201,
          body: { version: 2 },
        });
        return caseId;
      }),
    );
  });

  afterAll(async () => {
    await caseApi?.app.close();
    await mongo?.db(config.mongo.database).dropDatabase();
    await mongo?.close();
  });

  const eventsOf = async (caseId: string): Promise<StoredEvent[]> => {
    const reply = await worker.get(`/cases/${caseId}/events`);
    expect(reply.status).toBe(200);
    expect(reply.body.total).toBe(reply.body.events.length);
    return reply.body.events as StoredEvent[];
  };

  /**
   * Versions 1..n per case; positions unique and gapless over the whole store; the store's own
   * documents agree. The store's global log also holds the access log (every read here is
   * recorded, in `access-*` streams of their own), so gapless is over every stream, and the case
   * streams hold exactly what the API serves.
   */
  const expectConsistentStore = async (): Promise<void> => {
    const streams = await Promise.all(caseIds.map(eventsOf));
    for (const events of streams)
      expect(events.map((e) => e.version)).toEqual(range(events.length).map((i) => i + 1));
    const positions = streams.flat().map((e) => e.position);
    expect(new Set(positions).size).toBe(positions.length);

    const commits = await mongo
      .db(config.mongo.database)
      .collection<{ _id: number; streamId: string; sv: string; count: number; events: StoredEvent[] }>(
        'events',
      )
      .find({})
      .toArray();
    const everyPosition = commits.flatMap((commit) => commit.events.map((e) => e.position));
    expect(everyPosition.sort((a, b) => a - b)).toEqual(range(everyPosition.length).map((i) => i + 1));
    const accessCommits = commits.filter((commit) => isAccessStream(commit.streamId));
    expect(accessCommits.length).toBeGreaterThan(0);
    for (const commit of accessCommits)
      expect(commit.events.map((e) => e.type)).toEqual(commit.events.map(() => 'CaseRecordsAccessed'));
    const stored = commits
      .filter((commit) => !isAccessStream(commit.streamId))
      .flatMap((commit) => commit.events.map((e) => `${commit.streamId}@${e.version}#${e.position}`))
      .sort();
    const served = streams
      .flatMap((events, index) => events.map((e) => `${caseIds[index]}@${e.version}#${e.position}`))
      .sort();
    expect(stored).toEqual(served);
    expect(new Set(commits.map((c) => c.sv)).size).toBe(commits.length);
  };

  it(`lets exactly one of ${RACERS} writers with the same If-Match win on each of ${CASES} cases`, async () => {
    const round = 'if-match';
    const replies = await Promise.all(
      caseIds.map((caseId) =>
        Promise.all(
          range(RACERS).map((racer) =>
            worker.post(`/cases/${caseId}/contacts`, contactBody(round, racer, happenedAt), {
              'if-match': '"2"',
            }),
          ),
        ),
      ),
    );

    for (const [index, caseId] of caseIds.entries()) {
      const answers = replies[index]!;
      expect({ caseId, statuses: tally(answers) }).toEqual({ caseId, statuses: { 201: 1, 409: RACERS - 1 } });
      const winner = answers.findIndex((reply) => reply.status === 201);
      const won = answers[winner]!;
      expect(won.headers.get('etag')).toBe('"3"');
      expect(won.body).toMatchObject({
        caseId,
        version: 3,
        events: [{ type: 'ContactRecorded', version: 3 }],
      });
      expect(won.body.events).toHaveLength(1);
      for (const lost of answers.filter((reply) => reply.status === 409))
        expect(lost.body).toEqual({
          type: 'urn:casetrail:problem:wrong-expected-version',
          title: 'Conflict',
          status: 409,
          detail: expect.any(String),
          instance: expect.any(String),
          code: 'WRONG_EXPECTED_VERSION',
          message: expect.any(String),
          expectedVersion: 2,
          actualVersion: 3,
        });

      // The stored event is the winner's own request, nobody else's.
      const events = await eventsOf(caseId);
      expect(events.map((e) => [e.type, e.version])).toEqual([
        ['ClientEngaged', 1],
        ['NeedAssessed', 2],
        ['ContactRecorded', 3],
      ]);
      const recorded = events[2]!;
      expect(recorded.eventId).toBe(won.body.events[0].eventId);
      expect(recorded.position).toBe(won.body.events[0].position);
      expect(recorded.data.contactId).toBe(`${round}-contact-${winner}`);
      expect(recorded.pii.summary).toBe(`${round}: racer ${winner} met the client`);
    }
    await expectConsistentStore();
  });

  it('without If-Match, lets every racer either win at a version of its own or get a 409, and loses none', async () => {
    const round = 'free';
    const prior = await Promise.all(caseIds.map(async (caseId) => (await eventsOf(caseId)).length));
    const replies = await Promise.all(
      caseIds.map((caseId) =>
        Promise.all(
          // Staggered a little, so that some racers read the stream after others have appended.
          range(RACERS).map(async (racer) => {
            await sleep(racer * 30);
            return worker.post(`/cases/${caseId}/contacts`, contactBody(round, racer, happenedAt));
          }),
        ),
      ),
    );

    for (const [index, caseId] of caseIds.entries()) {
      const answers = replies[index]!;
      const before = prior[index]!;
      expect({ caseId, other: answers.filter((r) => r.status !== 201 && r.status !== 409) }).toEqual({
        caseId,
        other: [],
      });
      const won = answers.filter((reply) => reply.status === 201);
      expect(won.length).toBeGreaterThanOrEqual(1);
      for (const lost of answers.filter((reply) => reply.status === 409)) {
        expect(lost.body).toMatchObject({ code: 'WRONG_EXPECTED_VERSION' });
        expect(lost.body.expectedVersion).toBeGreaterThanOrEqual(before);
        expect(lost.body.actualVersion).toBeGreaterThan(lost.body.expectedVersion);
      }

      // Each win has a version of its own, past what was there, and its event is the one stored there.
      const versions = won.map((reply) => reply.body.version as number);
      expect(new Set(versions).size).toBe(won.length);
      expect(Math.min(...versions)).toBeGreaterThan(before);
      const events = await eventsOf(caseId);
      expect(events).toHaveLength(before + won.length);
      const atVersion = new Map(events.map((e) => [e.version, e]));
      for (const reply of won) {
        expect(reply.body.events).toHaveLength(1);
        const stored = atVersion.get(reply.body.version);
        expect(stored?.eventId).toBe(reply.body.events[0].eventId);
        expect(stored?.position).toBe(reply.body.events[0].position);
      }
      // And nothing else was stored: the new events are exactly the winners'.
      const winners = won.map((reply) => reply.body.events[0].eventId as string).sort();
      expect(
        events
          .filter((e) => e.version > before)
          .map((e) => e.eventId)
          .sort(),
      ).toEqual(winners);
      const contactIds = events.filter((e) => e.version > before).map((e) => e.data.contactId);
      expect(new Set(contactIds).size).toBe(won.length);
    }
    await expectConsistentStore();
  });
});
