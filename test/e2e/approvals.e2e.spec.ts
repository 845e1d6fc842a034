import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import type { CasetrailConfig } from '@casetrail/platform';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { api, eventually } from '../support/http';
import type { Persona } from '../support/identity';
import { dayFromNow } from '../support/clock';

/**
 * Supervisor approvals (issue #14) over real Kafka and the real database: a program requiring
 * plans, closings and transfers out approved; the supervisor's view of what waits; the closing
 * carrying its summary and referral dispositions; reports counting approved plans only.
 */
describe('supervisor approvals, end to end', () => {
  let config: CasetrailConfig;
  let caseApi: { app: INestApplication; url: string };
  let projector: INestApplicationContext;
  const personas = {
    worker: { id: 'cm-amal', role: 'case_manager' },
    other: { id: 'cm-bo', role: 'case_manager' },
    supervisor: { id: 'sup-west', role: 'supervisor', teams: ['team-west'] },
    deputy: { id: 'sup-west-2', role: 'supervisor', teams: ['team-west'] },
    intake: { id: 'intake-west', role: 'intake_worker', programs: ['resettlement'] },
  } as const satisfies Record<string, Persona>;
  const as = (persona: Persona) => api(caseApi.url, persona);
  const ok = async (response: Promise<{ status: number; body: any }>) => {
    const r = await response;
    if (r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  let periodStart = '';

  beforeAll(async () => {
    config = isolatedExternalConfig({
      PROGRAM_APPROVALS: JSON.stringify({ resettlement: ['plan', 'closing', 'transfer_out'] }),
    });
    caseApi = await startApi(config);
    projector = await startProjector(config);
    periodStart = new Date(Date.now() - 1000).toISOString();
  });

  afterAll(async () => {
    await projector?.close();
    await caseApi?.app.close();
    const mongo = await new MongoClient(config.mongo.uri).connect();
    await mongo.db(config.mongo.database).dropDatabase();
    await mongo.close();
  });

  const engage = async (givenName: string) =>
    (
      await ok(
        as(personas.intake).post('/cases', {
          programId: 'resettlement',
          teamId: 'team-west',
          caseManagerId: 'cm-amal',
          referralSource: 'outreach',
          consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
          client: { givenName, familyName: 'Haddad', dateOfBirth: '1984-02-10' },
          presentingConcerns: 'Arrived with a family of five; needs housing and school places',
        }),
      )
    ).caseId as string;

  const plan = (goalId: string, reason: string) => ({
    goalsAdded: [
      {
        goalId,
        domain: 'housing',
        needIds: ['need-housing'],
        target: { metric: 'lease signed', value: 1, unit: 'lease' },
        dueDate: dayFromNow(90),
      },
    ],
    nextReviewDate: dayFromNow(30),
    reason,
  });

  it('walks a plan and a closing through approval, and counts approved plans only', async () => {
    const worker = as(personas.worker);
    const supervisor = as(personas.supervisor);
    const caseId = await engage('Rana');
    const unapproved = await engage('Sami');
    const path = `/cases/${caseId}`;
    for (const id of [caseId, unapproved]) {
      await ok(
        worker.post(`/cases/${id}/assessments`, {
          needs: [
            { needId: 'need-housing', domain: 'housing', severity: 'high' },
            { needId: 'need-school', domain: 'education', severity: 'moderate' },
          ],
          summary: 'Family of five in a hotel room',
        }),
      );
      const planned = await ok(worker.post(`/cases/${id}/plan/amendments`, plan('goal-lease', 'First plan')));
      expect(planned.events.map((e: any) => e.type)).toEqual(['PlanAmended', 'PlanApprovalRequested']);
    }

    // Pending on the case, the worker's caseload and the supervisor's view.
    expect((await worker.get(path)).body.state.plan.approval).toMatchObject({
      status: 'pending',
      requestedBy: 'cm-amal',
    });
    await eventually(async () => {
      const view = await supervisor.get('/caseloads?teamId=team-west&pendingApproval=true');
      expect(view.status).toBe(200);
      const rows = Object.fromEntries(view.body.cases.map((c: any) => [c.caseId, c.pendingApprovals]));
      expect(rows).toEqual({ [caseId]: ['plan'], [unapproved]: ['plan'] });
    });
    await eventually(async () => {
      const mine = await worker.get('/caseloads/cm-amal?pendingApproval=true');
      expect(mine.body.cases.map((c: any) => c.caseId).sort()).toEqual([caseId, unapproved].sort());
    });

    // The case manager cannot approve; the supervisor returns, the worker amends, the supervisor approves.
    const refused = await worker.post(`${path}/plan/approval`, { decision: 'approved', planVersion: 1 });
    expect(refused.status).toBe(403);
    await ok(
      supervisor.post(`${path}/plan/approval`, {
        decision: 'returned',
        planVersion: 1,
        comments: 'Add a schooling goal',
      }),
    );
    expect((await worker.get(path)).body.state.plan.approval.status).toBe('returned');
    await ok(
      worker.post(`${path}/plan/amendments`, {
        goalsAdded: [
          {
            goalId: 'goal-school',
            domain: 'education',
            needIds: ['need-school'],
            target: { metric: 'children enrolled', value: 3, unit: 'children' },
            dueDate: dayFromNow(60),
          },
        ],
        nextReviewDate: dayFromNow(30),
        reason: 'Schooling goal added as asked',
      }),
    );
    await ok(supervisor.post(`${path}/plan/approval`, { decision: 'approved', planVersion: 2 }));
    expect((await worker.get(path)).body.state.plan.approval).toMatchObject({
      status: 'approved',
      decidedBy: 'sup-west',
    });

    // Closing: asked for with a referral continued, the case still open until approved.
    await ok(
      worker.post(`${path}/referrals`, {
        referralId: 'ref-esl',
        providerId: 'esl-centre',
        serviceType: 'other',
        goalIds: ['goal-school'],
      }),
    );
    const summary = 'Family housed; children at school; ESL continues';
    const requested = await ok(
      worker.post(`${path}/termination`, {
        reason: 'goals_met',
        goalOutcomes: [
          { goalId: 'goal-lease', outcome: 'achieved' },
          { goalId: 'goal-school', outcome: 'achieved' },
        ],
        summary,
        referralDispositions: [{ referralId: 'ref-esl', disposition: 'continued' }],
      }),
    );
    expect(requested.events.map((e: any) => e.type)).toEqual(['ClosingRequested']);
    expect((await worker.get(path)).body.state).toMatchObject({
      status: 'open',
      closingRequest: { status: 'pending' },
    });
    expect((await worker.post(`${path}/closing/approval`, { decision: 'approved' })).status).toBe(403);
    const approved = await ok(supervisor.post(`${path}/closing/approval`, { decision: 'approved' }));
    expect(approved.events.map((e: any) => e.type)).toEqual(['ClosingApproved', 'CaseTerminated']);
    const closed = (await worker.get(path)).body.state;
    expect(closed).toMatchObject({
      status: 'closed',
      closing: { reason: 'goals_met', referralDispositions: { 'ref-esl': 'continued' } },
      referrals: { 'ref-esl': { disposition: 'continued' } },
    });
    const trail = (await worker.get(`${path}/events`)).body.events;
    expect(trail.find((e: any) => e.type === 'CaseTerminated')).toMatchObject({
      schemaVersion: 3,
      pii: { summary },
      data: { referralDispositions: [{ referralId: 'ref-esl', disposition: 'continued' }] },
    });
    await eventually(async () => {
      const timeline = await worker.get(`${path}/timeline`);
      const closing = timeline.body.entries.find((e: any) => e.type === 'CaseTerminated');
      expect(closing?.detail).toContain('ref-esl continued');
      expect(closing?.detail).toContain(summary);
    });

    // Reports: with approvedPlansOnly only the case whose plan was approved counts.
    const query = `from=${encodeURIComponent(periodStart)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&groupBy=none`;
    await eventually(async () => {
      const all = await supervisor.get(`/reports/outcomes?${query}`);
      expect(all.body.rows[0]).toMatchObject({ casesOpened: 2 });
      const onlyApproved = await supervisor.get(`/reports/outcomes?${query}&approvedPlansOnly=true`);
      expect(onlyApproved.body).toMatchObject({ approvedPlansOnly: true });
      expect(onlyApproved.body.rows[0]).toMatchObject({ casesOpened: 1, casesClosed: 1 });
    });
  });

  it('holds a transfer out of the program until another supervisor approves it', async () => {
    const caseId = await engage('Lina');
    const path = `/cases/${caseId}`;
    const supervisor = as(personas.supervisor);
    const out = {
      toCaseManagerId: 'cm-bo',
      toProgramId: 'youth-transition',
      toTeamId: 'team-youth',
      reason: 'The eldest turns 18 and moves to the youth program',
    };
    const requested = await ok(supervisor.post(`${path}/transfer`, out));
    expect(requested.events.map((e: any) => e.type)).toEqual(['TransferRequested']);
    await eventually(async () => {
      const view = await supervisor.get('/caseloads?teamId=team-west&pendingApproval=true');
      expect(view.body.cases.find((c: any) => c.caseId === caseId)?.pendingApprovals).toEqual(['transfer']);
    });
    expect((await supervisor.post(`${path}/transfer/approval`, { decision: 'approved' })).body).toMatchObject(
      {
        code: 'SELF_APPROVAL_FORBIDDEN',
      },
    );
    const approved = await ok(
      as(personas.deputy).post(`${path}/transfer/approval`, { decision: 'approved' }),
    );
    expect(approved.events.map((e: any) => e.type)).toEqual(['TransferApproved', 'CaseTransferred']);
    const moved = await as(personas.other).get(path);
    expect(moved.body.state).toMatchObject({
      programId: 'youth-transition',
      teamId: 'team-youth',
      caseManagerId: 'cm-bo',
      transferRequest: { status: 'approved', decidedBy: 'sup-west-2' },
    });
    const trail = (await as(personas.other).get(`${path}/events`)).body.events;
    expect(trail.at(-1)).toMatchObject({
      type: 'CaseTransferred',
      schemaVersion: 2,
      pii: { reason: out.reason },
    });
  });
});
