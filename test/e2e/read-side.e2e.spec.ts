import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import { isAccessStream } from '@casetrail/domain';
import { validateCaseEventMessage } from '@casetrail/contracts';
import type { CasetrailConfig } from '@casetrail/platform';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { api, eventually } from '../support/http';
import { bearer } from '../support/identity';
import { dayFromNow } from '../support/clock';
import { readTopic } from '../support/kafka';

/**
 * Realistic cases through the API, over real Kafka into every read model in the real database:
 * caseloads, timelines and outcome reports, and the topic as an outside service reads it.
 */
describe('read side, end to end', () => {
  let config: CasetrailConfig;
  let caseApi: { app: INestApplication; url: string };
  let projector: INestApplicationContext;
  const worker = () => api(caseApi.url, { id: 'cm-rivera', role: 'case_manager' });
  // Every case here sits in team-north, which sup-chen supervises.
  const supervisorPersona = { id: 'sup-chen', role: 'supervisor', teams: ['team-north'] } as const;
  const supervisor = () => api(caseApi.url, supervisorPersona);
  const ids: Record<string, string> = {};
  let periodStart = '';
  let beforeContact = '';

  const ok = async (response: Promise<{ status: number; body: any }>) => {
    const r = await response;
    expect([r.status, r.body]).toEqual([201, expect.anything()]);
    return r.body;
  };

  beforeAll(async () => {
    config = isolatedExternalConfig();
    caseApi = await startApi(config);
    projector = await startProjector(config);
    periodStart = new Date(Date.now() - 1000).toISOString();
    const engage = (programId: string, caseManagerId: string | undefined, givenName: string) =>
      ok(
        worker().post('/cases', {
          programId,
          teamId: 'team-north',
          ...(caseManagerId ? { caseManagerId } : {}),
          referralSource: 'outreach',
          consent: { toServices: true, toInformationSharing: true, sharingWith: [] },
          client: { givenName, familyName: 'Test', dateOfBirth: '1975-04-04' },
          presentingConcerns: 'Facing eviction after job loss',
        }),
      );
    ids.housed = (await engage('housing', 'cm-rivera', 'Ana')).caseId;
    ids.unassigned = (await engage('housing', undefined, 'Ben')).caseId;
    ids.closed = (await engage('family', 'cm-rivera', 'Cy')).caseId;

    for (const key of ['housed', 'closed'] as const) {
      const path = `/cases/${ids[key]}`;
      await ok(
        worker().post(`${path}/assessments`, {
          needs: [
            {
              needId: 'need-housing',
              domain: 'housing',
              severity: key === 'housed' ? 'critical' : 'moderate',
            },
          ],
          strengths: [],
          summary: 'Rent arrears of three months; eviction notice served.',
        }),
      );
      await ok(
        worker().post(`${path}/plan/amendments`, {
          goalsAdded: [
            {
              goalId: 'goal-housing',
              domain: 'housing',
              needIds: ['need-housing'],
              target: { metric: 'months of rent paid', value: 3, unit: 'months' },
              dueDate: dayFromNow(90),
            },
          ],
          nextReviewDate: dayFromNow(30),
          reason: 'Initial plan agreed with the client',
        }),
      );
      await ok(
        worker().post(`${path}/referrals`, {
          referralId: 'ref-rent',
          providerId: 'rent-relief-fund',
          serviceType: 'benefits',
          goalIds: ['goal-housing'],
        }),
      );
    }
    await ok(worker().post(`/cases/${ids.housed}/referrals/ref-rent/status`, { status: 'accepted' }));
    beforeContact = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await ok(
      worker().post(`/cases/${ids.housed}/contacts`, {
        contactType: 'phone_call',
        participants: [{ kind: 'client' }],
        summary: 'Client confirmed the relief fund paid two months.',
        happenedAt: new Date().toISOString(),
      }),
    );
    await ok(worker().post(`/cases/${ids.closed}/referrals/ref-rent/status`, { status: 'declined' }));
    await ok(
      worker().post(`/cases/${ids.closed}/termination`, {
        reason: 'client_moved',
        goalOutcomes: [{ goalId: 'goal-housing', outcome: 'not_achieved' }],
        summary: 'Client moved to another county.',
      }),
    );
    // Everything is visible once the read models are no events behind the store.
    await eventually(async () => {
      const r = await supervisor().get('/caseloads/unassigned');
      expect(r.body.freshness.behindByEvents).toBe(0);
    }, 60_000);
  });

  afterAll(async () => {
    await projector?.close();
    await caseApi?.app.close();
  });

  it('lists a case manager’s open cases with what needs attention', async () => {
    const { body } = await worker().get('/caseloads/cm-rivera');
    expect(body.total).toBe(1);
    expect(body.cases[0]).toMatchObject({
      caseId: ids.housed,
      clientName: 'Ana Test',
      // A referral made on the plan, nothing reviewed yet: a contact alone does not make it monitoring.
      stage: 'implementation',
      highestSeverity: 'critical',
      nextReviewDate: dayFromNow(30),
      reviewOverdue: false,
      openReferrals: 1,
      version: 6,
    });
    expect(body.cases[0].lastContactAt).not.toBeNull();
    const all = await worker().get('/caseloads/cm-rivera?status=all&sort=clientName&order=desc');
    expect(all.body.cases.map((c: any) => c.clientName)).toEqual(['Cy Test', 'Ana Test']);
  });

  it('gives supervisors the team view and the unassigned cases', async () => {
    const team = await supervisor().get('/caseloads?teamId=team-north');
    expect(team.body.summary).toEqual({
      openCases: 2,
      unassigned: 1,
      overdueReviews: 0,
      byCaseManager: [{ caseManagerId: 'cm-rivera', openCases: 1, overdueReviews: 0 }],
    });
    const unassigned = await supervisor().get('/caseloads/unassigned');
    expect(unassigned.body.cases.map((c: any) => c.caseId)).toEqual([ids.unassigned]);
    const neither = await supervisor().get('/caseloads');
    expect({ status: neither.status, code: neither.body.code }).toEqual({
      status: 422,
      code: 'TEAM_OR_PROGRAM_REQUIRED',
    });
  });

  it('shows a case’s timeline, filtered, paged, and as it stood before the contact', async () => {
    const { body } = await worker().get(`/cases/${ids.housed}/timeline`);
    expect(body.total).toBe(6);
    expect(body.entries.map((e: any) => e.type)).toEqual([
      'ClientEngaged',
      'NeedAssessed',
      'PlanAmended',
      'ReferralMade',
      'ReferralStatusChanged',
      'ContactRecorded',
    ]);
    for (const entry of body.entries) {
      expect(entry).toMatchObject({
        actor: { id: 'cm-rivera' },
        title: expect.any(String),
        detail: expect.any(String),
      });
    }
    expect(body).not.toHaveProperty('refs');
    const contacts = await worker().get(`/cases/${ids.housed}/timeline?types=ContactRecorded`);
    expect(contacts.body.entries).toHaveLength(1);
    expect(contacts.body.entries[0].detail).toContain('relief fund paid two months');
    const earlier = await worker().get(
      `/cases/${ids.housed}/timeline?asOf=${encodeURIComponent(beforeContact)}`,
    );
    expect(earlier.body.entries.map((e: any) => e.type)).not.toContain('ContactRecorded');
    expect(earlier.body.total).toBe(5);
    const paged = await worker().get(`/cases/${ids.housed}/timeline?limit=2&offset=2&order=asc`);
    expect(paged.body.entries.map((e: any) => e.version)).toEqual([3, 4]);
    expect((await worker().get(`/cases/${ids.housed}/timeline?types=NoSuchEvent`)).status).toBe(400);
  });

  it('reports outcomes per program for the period, as JSON and CSV', async () => {
    const to = new Date(Date.now() + 60_000).toISOString();
    const query = `from=${encodeURIComponent(periodStart)}&to=${encodeURIComponent(to)}&groupBy=program`;
    const { body } = await supervisor().get(`/reports/outcomes?${query}`);
    const byProgram = Object.fromEntries(body.rows.map((row: any) => [row.group, row]));
    expect(byProgram.housing).toMatchObject({
      casesOpened: 2,
      casesClosed: 0,
      goalsSet: 1,
      referralsMade: 1,
      referralsAccepted: 1,
      openCases: 2,
    });
    expect(byProgram.family).toMatchObject({
      casesOpened: 1,
      casesClosed: 1,
      goalsSet: 1,
      goalsAchieved: 0,
      referralsMade: 1,
      referralsDeclined: 1,
      completionRate: 0,
      openCases: 0,
    });
    expect(byProgram.family.closingReasons.client_moved).toBe(1);
    expect(body.freshness.behindByEvents).toBe(0);

    const csv = await fetch(`${caseApi.url}/reports/outcomes?${query}&format=csv`, {
      headers: await bearer(supervisorPersona),
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('casesOpened');
    const bad = await supervisor().get(
      `/reports/outcomes?from=${encodeURIComponent(to)}&to=${encodeURIComponent(periodStart)}`,
    );
    expect(bad.status).toBe(422);
  });

  it('exposes the publisher’s and the projector’s lag', async () => {
    // The store's head counts the 13 case events and the access log's entries beside them (every
    // read of client data above was recorded; /status and reports are not). The status is cached
    // for half a second, and the last reads' entries may still be on their way: poll until both settle.
    const mongo = await new MongoClient(config.mongo.uri).connect();
    try {
      await eventually(async () => {
        const { body } = await fetch(`${caseApi.url}/status`, {
          headers: await bearer({ id: 'ops-1', role: 'administrator' }),
        }).then(async (r) => ({ body: await r.json() }));
        const commits = await mongo
          .db(config.mongo.database)
          .collection<{ streamId: string; count: number }>('events')
          .find({})
          .toArray();
        const eventsIn = (list: typeof commits) => list.reduce((sum, commit) => sum + commit.count, 0);
        expect(eventsIn(commits.filter((commit) => !isAccessStream(commit.streamId)))).toBe(13);
        expect(eventsIn(commits.filter((commit) => isAccessStream(commit.streamId)))).toBeGreaterThan(0);
        expect(body).toMatchObject({
          mode: 'external',
          publisher: { lag: 0 },
          projector: { group: config.kafka.projectorGroup, lag: 0 },
          storePosition: eventsIn(commits),
        });
      });
    } finally {
      await mongo.close();
    }
  });

  it('publishes every event as a message that validates against the published schemas', async () => {
    const total = 13;
    const messages = await readTopic(config.kafka.topic, (m) => m.length >= total);
    expect(messages).toHaveLength(total);
    for (const message of messages) {
      const envelope = JSON.parse(message.value!.toString()) as { caseId: string };
      expect(validateCaseEventMessage(envelope)).toEqual({ valid: true });
      expect(message.key?.toString()).toBe(envelope.caseId);
    }
    const types = new Set(messages.map((m) => JSON.parse(m.value!.toString()).type));
    expect([...types].sort()).toEqual(
      [
        'CaseTerminated',
        'ClientEngaged',
        'ContactRecorded',
        'NeedAssessed',
        'PlanAmended',
        'ReferralMade',
        'ReferralStatusChanged',
      ].sort(),
    );
  });
});
