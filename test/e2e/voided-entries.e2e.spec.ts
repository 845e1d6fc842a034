import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { MongoClient, type Db } from 'mongodb';
import type { CasetrailConfig } from '@casetrail/platform';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { cleanUp } from '../support/cleanup';
import { dayFromNow } from '../support/clock';
import { api, eventually } from '../support/http';

/**
 * A referral voided after it was made and accepted, over real Kafka into the real database: it
 * leaves the caseload's open referrals and the outcome report's counts, and the timeline keeps it,
 * struck through, beside the void.
 */
describe('a voided entry, end to end', () => {
  const h = {} as {
    config: CasetrailConfig;
    api: { app: INestApplication; url: string };
    projector: INestApplicationContext;
    mongo: MongoClient;
    db: Db;
  };
  const worker = () => api(h.api.url, { id: 'cm-void', role: 'case_manager' });
  const supervisor = () => api(h.api.url, { id: 'sup-void', role: 'supervisor', teams: ['team-void'] });
  const analyst = () => api(h.api.url, { id: 'analyst-void', role: 'analyst' });

  const created = async (response: Promise<{ status: number; body: any }>) => {
    const r = await response;
    expect([r.status, r.body]).toEqual([201, expect.anything()]);
    return r.body;
  };

  beforeAll(async () => {
    h.config = isolatedExternalConfig();
    h.api = await startApi(h.config);
    h.projector = await startProjector(h.config);
    h.mongo = await new MongoClient(h.config.mongo.uri).connect();
    h.db = h.mongo.db(h.config.mongo.database);
  });
  afterAll(async () => {
    await cleanUp(
      () => h.projector?.close(),
      () => h.api?.app.close(),
      () => h.db?.dropDatabase(),
      () => h.mongo?.close(),
    );
  });

  it('leaves caseload and report counts, and stays on the timeline struck through', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const { caseId } = await created(
      worker().post('/cases', {
        programId: 'prog-void',
        teamId: 'team-void',
        caseManagerId: 'cm-void',
        referralSource: 'outreach',
        consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
        client: { givenName: 'Vi', familyName: 'Test', dateOfBirth: '1980-02-02' },
        presentingConcerns: 'Facing eviction',
      }),
    );
    const path = `/cases/${caseId}`;
    await created(
      worker().post(`${path}/assessments`, {
        needs: [{ needId: 'need-1', domain: 'housing', severity: 'high' }],
        summary: 'Rent arrears',
      }),
    );
    await created(
      worker().post(`${path}/plan/amendments`, {
        goalsAdded: [
          {
            goalId: 'goal-1',
            domain: 'housing',
            needIds: ['need-1'],
            target: { metric: 'months of rent paid', value: 3, unit: 'months' },
            dueDate: dayFromNow(90),
          },
        ],
        nextReviewDate: dayFromNow(30),
        reason: 'First plan',
      }),
    );
    await created(
      worker().post(`${path}/referrals`, {
        referralId: 'ref-1',
        providerId: 'county-housing',
        serviceType: 'housing_voucher',
        goalIds: ['goal-1'],
      }),
    );
    await created(worker().post(`${path}/referrals/ref-1/status`, { status: 'accepted' }));
    const report = async () => {
      const to = new Date(Date.now() + 60_000).toISOString();
      const r = await analyst().get(
        `/reports/outcomes?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&programId=prog-void&groupBy=none`,
      );
      expect(r.status).toBe(200);
      return r.body.rows[0];
    };
    const caseload = async () => {
      const r = await supervisor().get('/caseloads/cm-void');
      expect(r.status).toBe(200);
      return r.body.cases.find((c: { caseId: string }) => c.caseId === caseId);
    };
    await eventually(async () => {
      expect(await caseload()).toMatchObject({ version: 5, openReferrals: 1, stage: 'implementation' });
      expect(await report()).toMatchObject({ referralsMade: 1, referralsAccepted: 1 });
    });

    // Through the API, as a worker would: its status change first (it depends on the referral), then the referral.
    const before = await worker().get(`${path}/timeline?order=asc`);
    const eventIdOf = (version: number): string =>
      before.body.entries.find((e: { version: number }) => e.version === version).eventId;
    for (const version of [5, 4])
      await created(
        worker().post(`${path}/entries/${eventIdOf(version)}/void`, {
          reason: 'Recorded on the wrong case.',
        }),
      );

    await eventually(async () => {
      expect(await caseload()).toMatchObject({ version: 7, openReferrals: 0, stage: 'service_planning' });
      expect(await report()).toMatchObject({ referralsMade: 0, referralsAccepted: 0 });
    });
    const { status, body } = await worker().get(`${path}/timeline?order=asc`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ version: 7, total: 7 });
    const entry = (version: number) => body.entries.find((e: { version: number }) => e.version === version);
    expect(entry(4)).toMatchObject({
      type: 'ReferralMade',
      voided: { version: 7, by: { id: 'cm-void', role: 'case_manager' } },
    });
    expect(entry(5)).toMatchObject({ type: 'ReferralStatusChanged', voided: { version: 6 } });
    expect(entry(7)).toMatchObject({
      type: 'EntryVoided',
      category: 'correction',
      links: { voidsVersion: 4 },
    });
  });
});
