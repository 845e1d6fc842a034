import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import type { CasetrailConfig } from '@casetrail/platform';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { api, eventually } from '../support/http';
import type { Persona } from '../support/identity';
import { dayFromNow, instantBetweenRequests, sleep } from '../support/clock';

/**
 * A refugee family's case from engagement to an approved closing (issue #14's "Done when"), through
 * the HTTP API with real tokens, over real Kafka into the read models: a household of five (one
 * member leaves), a plan returned and then approved, referrals, a kept and a missed appointment, a
 * completed and an overdue task, a closing approved by the supervisor; then what the case's state,
 * timeline, the worker's caseload and agenda, and the outcome report say about it.
 */
describe('a refugee family’s case, end to end', () => {
  let config: CasetrailConfig;
  let caseApi: { app: INestApplication; url: string };
  let projector: INestApplicationContext;
  const personas = {
    worker: { id: 'cm-refugee', role: 'case_manager' },
    supervisor: { id: 'sup-refugee', role: 'supervisor', teams: ['team-refugee'] },
    intake: { id: 'intake-refugee', role: 'intake_worker', programs: ['resettlement'] },
  } as const satisfies Record<string, Persona>;
  const as = (persona: Persona) => api(caseApi.url, persona);
  const ok = async (response: Promise<{ status: number; body: any }>) => {
    const r = await response;
    if (r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const types = (answer: { events: { type: string }[] }) => answer.events.map((e) => e.type);
  const members = [
    { memberId: 'm-yusuf', relationship: 'spouse_partner', givenName: 'Yusuf', dateOfBirth: '1981-07-02' },
    { memberId: 'm-nour', relationship: 'child', givenName: 'Nour', dateOfBirth: '2012-05-19' },
    { memberId: 'm-adam', relationship: 'child', givenName: 'Adam', dateOfBirth: '2015-11-03' },
    { memberId: 'm-salma', relationship: 'grandparent', givenName: 'Salma', dateOfBirth: '1950-01-20' },
  ] as const;

  beforeAll(async () => {
    config = isolatedExternalConfig({
      PROGRAM_APPROVALS: JSON.stringify({ resettlement: ['plan', 'closing'] }),
    });
    caseApi = await startApi(config);
    projector = await startProjector(config);
  });

  afterAll(async () => {
    await projector?.close();
    await caseApi?.app.close();
    if (config) {
      const mongo = await new MongoClient(config.mongo.uri).connect();
      await mongo.db(config.mongo.database).dropDatabase();
      await mongo.close();
    }
  });

  it('drives the family from engagement to an approved closing and reads it back everywhere', async () => {
    const worker = as(personas.worker);
    const supervisor = as(personas.supervisor);
    const periodStart = new Date(Date.now() - 1_000).toISOString();

    // Engagement, by intake, for the resettlement program's case manager.
    const engaged = await ok(
      as(personas.intake).post('/cases', {
        programId: 'resettlement',
        teamId: 'team-refugee',
        caseManagerId: personas.worker.id,
        referralSource: 'outreach',
        consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
        client: { givenName: 'Rania', familyName: 'Darwish', dateOfBirth: '1983-09-12' },
        presentingConcerns:
          'Arrived last week with her husband, two children and her mother; in a hotel room',
      }),
    );
    const caseId = engaged.caseId as string;
    const path = `/cases/${caseId}`;

    // The household: four members, the grandmother leaving later.
    for (const member of members) {
      const joined = await ok(worker.post(`${path}/household/members`, { ...member, familyName: 'Darwish' }));
      expect(types(joined)).toEqual(['HouseholdMemberJoined']);
    }

    // Needs, then a plan the program requires approved: returned with comments, amended, approved.
    await ok(
      worker.post(`${path}/assessments`, {
        needs: [
          { needId: 'need-housing', domain: 'housing', severity: 'critical' },
          { needId: 'need-school', domain: 'education', severity: 'high' },
          { needId: 'need-work', domain: 'finances_employment', severity: 'moderate' },
        ],
        summary: 'Family of five in one hotel room; children out of school; no income',
      }),
    );
    const planned = await ok(
      worker.post(`${path}/plan/amendments`, {
        goalsAdded: [
          {
            goalId: 'goal-lease',
            domain: 'housing',
            needIds: ['need-housing'],
            target: { metric: 'lease signed', value: 1, unit: 'lease' },
            dueDate: dayFromNow(90),
          },
        ],
        nextReviewDate: dayFromNow(30),
        reason: 'First plan, agreed with Rania and Yusuf',
      }),
    );
    expect(types(planned)).toEqual(['PlanAmended', 'PlanApprovalRequested']);
    expect((await worker.get(path)).body.state.plan.approval).toMatchObject({
      status: 'pending',
      requestedBy: personas.worker.id,
    });
    // The caseload shows the plan waiting, then (after the return) no longer.
    await eventually(async () => {
      const { body } = await supervisor.get('/caseloads?teamId=team-refugee&pendingApproval=true');
      expect(body.cases.map((c: any) => [c.caseId, c.pendingApprovals])).toEqual([[caseId, ['plan']]]);
    });
    const whilePending = await instantBetweenRequests();
    await ok(
      supervisor.post(`${path}/plan/approval`, {
        decision: 'returned',
        planVersion: 1,
        comments: 'Add goals for school places and work',
      }),
    );
    expect((await worker.get(path)).body.state.plan.approval).toMatchObject({
      status: 'returned',
      decidedBy: personas.supervisor.id,
    });
    const amended = await ok(
      worker.post(`${path}/plan/amendments`, {
        goalsAdded: [
          {
            goalId: 'goal-school',
            domain: 'education',
            needIds: ['need-school'],
            target: { metric: 'children enrolled', value: 2, unit: 'children' },
            dueDate: dayFromNow(45),
          },
          {
            goalId: 'goal-work',
            domain: 'finances_employment',
            needIds: ['need-work'],
            target: { metric: 'job offers', value: 1, unit: 'offer' },
            dueDate: dayFromNow(120),
          },
        ],
        nextReviewDate: dayFromNow(30),
        reason: 'School and work goals added as the supervisor asked',
      }),
    );
    expect(types(amended)).toEqual(['PlanAmended', 'PlanApprovalRequested']);
    await ok(supervisor.post(`${path}/plan/approval`, { decision: 'approved', planVersion: 2 }));
    expect((await worker.get(path)).body.state.plan.approval).toMatchObject({
      status: 'approved',
      amendmentNumber: 2,
      decidedBy: personas.supervisor.id,
    });

    // Referrals for the plan's goals.
    await ok(
      worker.post(`${path}/referrals`, {
        referralId: 'ref-voucher',
        providerId: 'city-housing',
        serviceType: 'housing_voucher',
        goalIds: ['goal-lease'],
      }),
    );
    await ok(
      worker.post(`${path}/referrals`, {
        referralId: 'ref-jobs',
        providerId: 'jobs-centre',
        serviceType: 'job_training',
        goalIds: ['goal-work'],
      }),
    );

    // Two appointments starting in a moment (kept, missed), one next week; two tasks, one due in a moment.
    const soon = new Date(Date.now() + 1_500).toISOString();
    const nextWeek = new Date(Date.now() + 5 * 86_400_000).toISOString();
    await ok(
      worker.post(`${path}/appointments`, {
        appointmentId: 'appt-home',
        startsAt: soon,
        durationMinutes: 60,
        channel: 'home_visit',
        participants: [{ kind: 'client' }, { kind: 'family', id: 'm-yusuf' }],
        goalIds: ['goal-lease'],
        location: 'The hotel, room 12',
      }),
    );
    await ok(
      worker.post(`${path}/appointments`, {
        appointmentId: 'appt-school',
        startsAt: soon,
        durationMinutes: 30,
        channel: 'office_visit',
        participants: [{ kind: 'client' }, { kind: 'professional', id: 'school-office' }],
        goalIds: ['goal-school'],
      }),
    );
    await ok(
      worker.post(`${path}/appointments`, {
        appointmentId: 'appt-review',
        startsAt: nextWeek,
        durationMinutes: 45,
        channel: 'phone',
        participants: [{ kind: 'client' }],
      }),
    );
    await ok(
      worker.post(`${path}/tasks`, {
        taskId: 'task-application',
        title: 'Submit the housing application',
        dueAt: dayFromNow(7) + 'T17:00:00Z',
        goalIds: ['goal-lease'],
      }),
    );
    await ok(
      worker.post(`${path}/tasks`, {
        taskId: 'task-documents',
        title: 'Copy the children’s school records',
        dueAt: soon,
        goalIds: ['goal-school'],
      }),
    );
    await sleep(Math.max(0, Date.parse(soon) - Date.now()) + 200);
    const kept = await ok(
      worker.post(`${path}/appointments/appt-home/outcome`, {
        outcome: 'kept',
        contact: {
          contactId: 'contact-home',
          contactType: 'home_visit',
          durationMinutes: 60,
          summary: 'Went through the housing application with Rania and Yusuf',
        },
      }),
    );
    expect(types(kept)).toEqual(['ContactRecorded', 'AppointmentOutcomeRecorded']);
    await ok(
      worker.post(`${path}/appointments/appt-school/outcome`, {
        outcome: 'missed_by_client',
        reason: 'Adam was ill',
      }),
    );
    await ok(worker.post(`${path}/tasks/task-application/completion`, { note: 'Handed in at the office' }));
    await ok(
      worker.post(`${path}/household/members/m-salma/departure`, {
        note: 'Moved in with her son in another city',
      }),
    );

    // State: the household, appointments, tasks, plan approval.
    const state = (await worker.get(path)).body.state;
    expect(state).toMatchObject({
      status: 'open',
      caseManagerId: personas.worker.id,
      plan: { amendmentNumber: 2, approval: { status: 'approved' } },
      referrals: { 'ref-voucher': expect.anything(), 'ref-jobs': expect.anything() },
      contacts: { 'contact-home': expect.anything() },
      appointments: {
        'appt-home': { status: 'kept', contactId: 'contact-home', ownerId: personas.worker.id },
        'appt-school': { status: 'missed_by_client', contactId: null },
        'appt-review': { status: 'scheduled' },
      },
      tasks: {
        'task-application': { status: 'completed', closedAt: expect.any(String) },
        'task-documents': { status: 'open', closedAt: null },
      },
    });
    expect(Object.keys(state.plan.goals).sort()).toEqual(['goal-lease', 'goal-school', 'goal-work']);
    expect(
      Object.fromEntries(
        Object.entries(state.household).map(([id, m]: [string, any]) => [
          id,
          [m.relationship, m.leftAt !== null],
        ]),
      ),
    ).toEqual({
      'm-yusuf': ['spouse_partner', false],
      'm-nour': ['child', false],
      'm-adam': ['child', false],
      'm-salma': ['grandparent', true],
    });

    // The caseload: four people at home with the client (the grandmother gone), one overdue task, nothing pending.
    const now = new Date().toISOString();
    await eventually(async () => {
      const { body } = await worker.get(`/caseloads/${personas.worker.id}?asOf=${encodeURIComponent(now)}`);
      expect(body.cases).toHaveLength(1);
      expect(body.cases[0]).toMatchObject({
        caseId,
        householdSize: 3,
        overdueTasks: 1,
        earliestOverdueTaskDueAt: soon,
      });
      expect(body.cases[0].pendingApprovals ?? []).toEqual([]);
      expect(JSON.stringify(body.cases[0])).not.toMatch(/Salma|hotel|Adam was ill/i);
    });
    // As it stood while the plan waited: pending, the household complete, no task yet.
    const then = await worker.get(
      `/caseloads/${personas.worker.id}?asOf=${encodeURIComponent(whilePending)}`,
    );
    expect(then.body.cases).toHaveLength(1);
    expect(then.body.cases[0]).toMatchObject({
      caseId,
      pendingApprovals: ['plan'],
      householdSize: 4,
      overdueTasks: 0,
    });

    // The agenda: the overdue task and the appointment next week; the settled items are gone.
    const window = `from=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + 14 * 86_400_000).toISOString())}`;
    await eventually(async () => {
      const { status, body } = await worker.get(`/agenda/${personas.worker.id}?${window}`);
      expect(status).toBe(200);
      expect(body.counts).toEqual({ appointments: 1, tasks: 1, overdueTasks: 1 });
      expect(body.items.map((i: any) => [i.kind, i.itemId, i.overdue, i.caseId])).toEqual([
        ['task', 'task-documents', true, caseId],
        ['appointment', 'appt-review', false, caseId],
      ]);
      expect(body.items[1]).toMatchObject({ dueAt: nextWeek, channel: 'phone' });
    });

    // Closing: asked for, pending on the case and the caseload, then approved.
    await ok(worker.post(`${path}/tasks/task-documents/cancellation`, { note: 'The school had them' }));
    await ok(
      worker.post(`${path}/appointments/appt-review/outcome`, { outcome: 'cancelled', reason: 'Closing' }),
    );
    const requested = await ok(
      worker.post(`${path}/termination`, {
        reason: 'goals_met',
        goalOutcomes: [
          { goalId: 'goal-lease', outcome: 'achieved' },
          { goalId: 'goal-school', outcome: 'achieved' },
          { goalId: 'goal-work', outcome: 'not_achieved' },
        ],
        summary: 'Family housed; both children at school; job training continues',
        referralDispositions: [
          { referralId: 'ref-voucher', disposition: 'closed_at_termination' },
          { referralId: 'ref-jobs', disposition: 'continued' },
        ],
      }),
    );
    expect(types(requested)).toEqual(['ClosingRequested']);
    expect((await worker.get(path)).body.state).toMatchObject({
      status: 'open',
      closingRequest: { status: 'pending' },
    });
    await eventually(async () => {
      const { body } = await supervisor.get('/caseloads?teamId=team-refugee&pendingApproval=true');
      expect(body.cases.map((c: any) => [c.caseId, c.pendingApprovals])).toEqual([[caseId, ['closing']]]);
    });
    const closed = await ok(supervisor.post(`${path}/closing/approval`, { decision: 'approved' }));
    expect(types(closed)).toEqual(['ClosingApproved', 'CaseTerminated']);
    expect((await worker.get(path)).body.state).toMatchObject({
      status: 'closed',
      closing: {
        reason: 'goals_met',
        referralDispositions: { 'ref-voucher': 'closed_at_termination', 'ref-jobs': 'continued' },
      },
      closingRequest: { status: 'approved' },
    });

    // The timeline: every step in order, in words.
    const expectedOrder = [
      'ClientEngaged',
      'HouseholdMemberJoined',
      'HouseholdMemberJoined',
      'HouseholdMemberJoined',
      'HouseholdMemberJoined',
      'NeedAssessed',
      'PlanAmended',
      'PlanApprovalRequested',
      'PlanReturned',
      'PlanAmended',
      'PlanApprovalRequested',
      'PlanApproved',
      'ReferralMade',
      'ReferralMade',
      'AppointmentScheduled',
      'AppointmentScheduled',
      'AppointmentScheduled',
      'TaskCreated',
      'TaskCreated',
      'ContactRecorded',
      'AppointmentOutcomeRecorded',
      'AppointmentOutcomeRecorded',
      'TaskClosed',
      'HouseholdMemberLeft',
      'TaskClosed',
      'AppointmentOutcomeRecorded',
      'ClosingRequested',
      'ClosingApproved',
      'CaseTerminated',
    ];
    const timeline = await eventually(async () => {
      const { body } = await worker.get(`${path}/timeline?limit=100`);
      expect(body.entries.map((e: any) => e.type)).toEqual(expectedOrder);
      return body.entries as { type: string; title: string; detail: string }[];
    });
    const text = (i: number) => `${timeline[i]!.title}\n${timeline[i]!.detail}`;
    expect(text(1)).toContain('Household member joined: spouse partner');
    expect(text(1)).toContain('Yusuf Darwish');
    expect(text(1)).toContain('1981-07-02');
    expect(text(8)).toContain('Plan version 1 returned');
    expect(text(8)).toContain('Add goals for school places and work');
    expect(text(11)).toContain('Plan version 2 approved');
    expect(text(11)).toContain(`Approved by ${personas.supervisor.id}`);
    expect(text(20)).toContain('appt-home');
    expect(text(20)).toContain('kept');
    expect(text(21)).toContain('appt-school');
    expect(text(21)).toMatch(/missed by client/i);
    expect(text(22)).toContain('Task task-application completed');
    expect(text(23)).toContain('Member m-salma left the household');
    expect(text(27)).toContain('Closing approved');

    // Another family whose plan still waits: in the report, but not among cases with an approved plan.
    const waiting = (
      await ok(
        as(personas.intake).post('/cases', {
          programId: 'resettlement',
          teamId: 'team-refugee',
          caseManagerId: 'cm-refugee-2',
          referralSource: 'outreach',
          consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
          client: { givenName: 'Hamid', familyName: 'Karimi', dateOfBirth: '1990-04-04' },
          presentingConcerns: 'Arrived alone; needs housing',
        }),
      )
    ).caseId as string;
    await ok(
      supervisor.post(`/cases/${waiting}/assessments`, {
        needs: [{ needId: 'need-housing', domain: 'housing', severity: 'high' }],
        summary: 'Sleeping at a friend’s',
      }),
    );
    const waitingPlan = await ok(
      supervisor.post(`/cases/${waiting}/plan/amendments`, {
        goalsAdded: [
          {
            goalId: 'goal-room',
            domain: 'housing',
            needIds: ['need-housing'],
            target: { metric: 'room rented', value: 1, unit: 'room' },
            dueDate: dayFromNow(60),
          },
        ],
        nextReviewDate: dayFromNow(30),
        reason: 'First plan',
      }),
    );
    expect(types(waitingPlan)).toEqual(['PlanAmended', 'PlanApprovalRequested']);

    // The outcome report: the family's case opened and closed, one missed of two attended
    // appointments (a no-show rate of one half); only it counts when approved plans only count.
    const period = `from=${encodeURIComponent(periodStart)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&groupBy=none`;
    await eventually(async () => {
      const all = await supervisor.get(`/reports/outcomes?${period}`);
      expect(all.status).toBe(200);
      expect(all.body.rows[0]).toMatchObject({
        casesOpened: 2,
        casesClosed: 1,
        goalsSet: 4,
        noShowRate: 0.5,
      });
      {
        const { status, body } = await supervisor.get(`/reports/outcomes?${period}&approvedPlansOnly=true`);
        expect(status).toBe(200);
        expect(body).toMatchObject({ approvedPlansOnly: true });
        expect(body.rows).toHaveLength(1);
        expect(body.rows[0]).toMatchObject({
          casesOpened: 1,
          casesClosed: 1,
          closingReasons: expect.objectContaining({ goals_met: 1 }),
          goalsSet: 3,
          goalsAchieved: 2,
          referralsMade: 2,
          // The kept appointment's contact record.
          contactsRecorded: 1,
          appointmentsKept: 1,
          appointmentsMissedByClient: 1,
          noShowRate: 0.5,
        });
      }
    });
    // The closed case's agenda items are gone from the worker's agenda.
    const after = await worker.get(`/agenda/${personas.worker.id}?${window}`);
    expect(after.body.counts).toEqual({ appointments: 0, tasks: 0, overdueTasks: 0 });
  }, 120_000);
});
