import type { INestApplication } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import type { CasetrailConfig } from '@casetrail/platform';
import { isolatedExternalConfig, startApi } from '../support/apps';
import { api } from '../support/http';
import type { Persona } from '../support/identity';
import { dayFromNow, instantBetweenRequests } from '../support/clock';

type Client = ReturnType<typeof api>;
type Reply = { status: number; headers: Headers; body: any };

const engagement = (overrides: Record<string, unknown> = {}) => ({
  programId: 'veterans-housing',
  referralSource: 'hospital',
  consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
  client: { givenName: 'Dana', familyName: 'Price', dateOfBirth: '1979-09-12' },
  presentingConcerns: 'Facing eviction after losing her job',
  ...overrides,
});

/**
 * Every command endpoint over HTTP, against the real event store (FerretDB) with the publisher
 * running on Kafka: one case walked through every NASW stage. The edges of the contract (stale
 * versions, broken rules, bad credentials, retries, bad input) run over the embedded app in
 * apps/case-api/src/cases/command-edges.unit.spec.ts.
 */
describe('a case through its whole life, over HTTP against Kafka and MongoDB', () => {
  let config: CasetrailConfig;
  let caseApi: { app: INestApplication; url: string };

  beforeAll(async () => {
    config = isolatedExternalConfig();
    expect(config.mode).toBe('external');
    caseApi = await startApi(config);
  });

  afterAll(async () => {
    await caseApi?.app.close();
    const mongo = await new MongoClient(config.mongo.uri).connect();
    await mongo.db(config.mongo.database).dropDatabase();
    await mongo.close();
  });

  const as = (persona: Persona): Client => api(caseApi.url, persona);
  // Who does what here, each with the grants their work needs: cases sit in veterans-housing and,
  // where a supervisor acts on them, in team-east.
  const personas = {
    intake: { id: 'intake-3', role: 'intake_worker', programs: ['veterans-housing'] },
    supervisor: { id: 'sup-2', role: 'supervisor', teams: ['team-east'] },
    ortiz: { id: 'cm-ortiz', role: 'case_manager' },
    lee: { id: 'cm-lee', role: 'case_manager' },
    auditor: { id: 'auditor-1', role: 'auditor' },
  } as const satisfies Record<string, Persona>;

  it('walks a homeless veteran from hospital referral to closing, and replays the record as of any instant', async () => {
    const intake = as(personas.intake);
    const supervisor = as(personas.supervisor);
    const ortiz = as(personas.ortiz);
    const lee = as(personas.lee);
    const auditor = as(personas.auditor);

    // Every command answers 201 with its one event at the next version.
    let version = 0;
    const step = async (call: Promise<Reply>, type: string) => {
      const { status, body } = await call;
      expect({ status, body }).toMatchObject({
        status: 201,
        body: { version: version + 1, events: [{ type, version: version + 1 }] },
      });
      expect(body.events).toHaveLength(1);
      version += 1;
      return body;
    };

    const dates = {
      firstMilestone: dayFromNow(14),
      incomeMilestone: dayFromNow(30),
      firstReview: dayFromNow(30),
      inspection: dayFromNow(60),
      secondReview: dayFromNow(60),
      housingDue: dayFromNow(90),
      incomeDue: dayFromNow(120),
      counselingDue: dayFromNow(180),
    };
    const engagedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();

    // 1. Engagement: the hospital's social worker referred him this morning; intake records it, unassigned.
    const engaged = await step(
      intake.post(
        '/cases',
        engagement({
          programId: 'veterans-housing',
          teamId: 'team-east',
          referralSource: 'hospital',
          consent: {
            toServices: true,
            toInformationSharing: true,
            sharingWith: ['county-housing-authority', 'va-benefits-office'],
          },
          client: {
            givenName: 'Raymond',
            familyName: 'Cole',
            dateOfBirth: '1961-07-04',
            phone: '+1-555-0142',
          },
          presentingConcerns:
            'Army veteran discharged from the VA medical center to no address; has slept in his car for three weeks',
          engagedAt,
        }),
      ),
      'ClientEngaged',
    );
    const caseId = engaged.caseId as string;
    const path = `/cases/${caseId}`;
    await step(supervisor.post(`${path}/assignment`, { caseManagerId: 'cm-ortiz' }), 'CaseAssigned');

    // 2. Assessment: needs with severities (one need id left to the API), a strength, a screening score.
    await step(
      ortiz.post(`${path}/assessments`, {
        assessmentId: 'assessment-intake',
        needs: [
          {
            needId: 'need-housing',
            domain: 'housing',
            severity: 'critical',
            description: 'Sleeping in his car; no fixed address',
          },
          {
            needId: 'need-health',
            domain: 'physical_health',
            severity: 'high',
            description: 'Type 2 diabetes; insulin needs refrigeration',
          },
          {
            domain: 'finances_employment',
            severity: 'high',
            description: 'No income since his pension lapsed',
          },
          { needId: 'need-mood', domain: 'mental_health', severity: 'moderate' },
        ],
        strengths: [
          { domain: 'family_support', description: 'His sister nearby offers meals and a mailing address' },
        ],
        scores: [{ tool: 'PHQ-9', score: 11, maxScore: 27 }],
        summary:
          'Client reports low mood since losing housing; engaged and motivated to apply for a voucher.',
      }),
      'NeedAssessed',
    );
    const assessed = await ortiz.get(path);
    const [incomeNeedId] = Object.entries(assessed.body.state.assessments.needs)
      .filter(([, need]: [string, any]) => need.domain === 'finances_employment')
      .map(([needId]) => needId);
    expect(incomeNeedId).toMatch(/^[0-9a-f-]{36}$/);
    expect(assessed.body.state.assessments).toMatchObject({ count: 1, highestSeverity: 'critical' });

    // 3. Planning: measurable, time-bound goals with milestones, and the services for each.
    await step(
      ortiz.post(`${path}/plan/amendments`, {
        goalsAdded: [
          {
            goalId: 'goal-housing',
            domain: 'housing',
            needIds: ['need-housing'],
            target: { metric: 'housing voucher issued', value: 1, unit: 'voucher' },
            dueDate: dates.housingDue,
            milestones: [
              {
                milestoneId: 'ms-voucher-application',
                dueDate: dates.firstMilestone,
                description: 'Voucher application submitted',
              },
              { dueDate: dates.inspection, description: 'Unit found and inspected' },
            ],
            description: 'Move into a stable apartment he can afford',
          },
          {
            goalId: 'goal-income',
            domain: 'finances_employment',
            needIds: [incomeNeedId],
            target: { metric: 'monthly benefit income', value: 1200, unit: 'USD' },
            dueDate: dates.incomeDue,
            milestones: [{ dueDate: dates.incomeMilestone, description: 'Pension claim reopened' }],
          },
          {
            goalId: 'goal-counseling',
            domain: 'mental_health',
            needIds: ['need-mood'],
            target: { metric: 'counseling sessions attended', value: 8, unit: 'sessions' },
            dueDate: dates.counselingDue,
          },
        ],
        services: [
          {
            serviceType: 'housing_voucher',
            providerId: 'county-housing-authority',
            goalIds: ['goal-housing'],
          },
          { serviceType: 'benefits', providerId: 'va-benefits-office', goalIds: ['goal-income'] },
          { serviceType: 'counseling', providerId: 'harbor-counseling', goalIds: ['goal-counseling'] },
        ],
        nextReviewDate: dates.firstReview,
        reason: 'Initial service plan agreed with Mr. Cole',
      }),
      'PlanAmended',
    );

    // 4. Implementation: referrals (the benefits referral's id minted by the API).
    await step(
      ortiz.post(`${path}/referrals`, {
        referralId: 'ref-housing',
        providerId: 'county-housing-authority',
        serviceType: 'housing_voucher',
        goalIds: ['goal-housing'],
        note: 'HUD-VASH voucher application',
      }),
      'ReferralMade',
    );
    await step(
      ortiz.post(`${path}/referrals`, {
        providerId: 'va-benefits-office',
        serviceType: 'benefits',
        goalIds: ['goal-income'],
      }),
      'ReferralMade',
    );
    await step(
      ortiz.post(`${path}/referrals`, {
        referralId: 'ref-counseling-1',
        providerId: 'harbor-counseling',
        serviceType: 'counseling',
        goalIds: ['goal-counseling'],
      }),
      'ReferralMade',
    );
    const referred = await ortiz.get(path);
    const [benefitsReferralId] = Object.entries(referred.body.state.referrals)
      .filter(([, referral]: [string, any]) => referral.providerId === 'va-benefits-office')
      .map(([referralId]) => referralId);
    expect(benefitsReferralId).toMatch(/^[0-9a-f-]{36}$/);
    await step(
      ortiz.post(`${path}/referrals/ref-housing/status`, {
        status: 'accepted',
        note: 'Eligible for HUD-VASH',
      }),
      'ReferralStatusChanged',
    );

    // The home visit happens now but is written up later; `midpoint` falls between the two.
    const visitHappenedAt = await instantBetweenRequests();
    const midpoint = await instantBetweenRequests();
    const versionAtMidpoint = version;

    // 5. Coordination: a call with a professional, the late home-visit note, and its correction.
    const callHappenedAt = new Date().toISOString();
    await step(
      ortiz.post(`${path}/contacts`, {
        contactId: 'contact-benefits-call',
        contactType: 'phone_call',
        participants: [{ kind: 'professional', id: 'va-benefits-office', role: 'benefits counselor' }],
        durationMinutes: 20,
        summary: 'Benefits counselor confirmed the pension lapsed for a missed annual income report.',
        happenedAt: callHappenedAt,
      }),
      'ContactRecorded',
    );
    await step(
      ortiz.post(`${path}/contacts`, {
        contactId: 'contact-home-visit',
        contactType: 'home_visit',
        participants: [{ kind: 'client' }, { kind: 'family', role: 'sister' }],
        durationMinutes: 60,
        summary: 'Visited client at his sister’s home. Client had not taken insulin for two days.',
        happenedAt: visitHappenedAt,
      }),
      'ContactRecorded',
    );
    await step(
      ortiz.post(`${path}/contacts/contact-home-visit/corrections`, {
        correctedSummary: 'Visited client at his sister’s home. Client had not taken insulin for one day.',
        reason: 'Number of days misread from handwritten notes',
      }),
      'CaseNoteCorrected',
    );

    // Counseling declined: the plan is amended and a replacement referral goes through its whole life.
    await step(
      ortiz.post(`${path}/referrals/ref-counseling-1/status`, {
        status: 'declined',
        note: 'Waitlist closed until spring',
      }),
      'ReferralStatusChanged',
    );
    await step(
      ortiz.post(`${path}/plan/amendments`, {
        goalsRevised: [
          {
            goalId: 'goal-counseling',
            target: { metric: 'counseling sessions attended', value: 6, unit: 'sessions' },
            description: 'Peer counseling programme runs six sessions',
          },
        ],
        services: [
          {
            serviceType: 'counseling',
            providerId: 'vet-center-peer-counseling',
            goalIds: ['goal-counseling'],
          },
        ],
        nextReviewDate: dates.firstReview,
        reason: 'Harbor Counseling declined; Vet Center peer counseling offers a six-session programme',
      }),
      'PlanAmended',
    );
    await step(
      ortiz.post(`${path}/referrals`, {
        referralId: 'ref-counseling-2',
        providerId: 'vet-center-peer-counseling',
        serviceType: 'counseling',
        goalIds: ['goal-counseling'],
        replacesReferralId: 'ref-counseling-1',
      }),
      'ReferralMade',
    );
    for (const status of ['accepted', 'service_started', 'completed'])
      await step(
        ortiz.post(`${path}/referrals/ref-counseling-2/status`, { status }),
        'ReferralStatusChanged',
      );
    for (const status of ['service_started', 'completed'])
      await step(ortiz.post(`${path}/referrals/ref-housing/status`, { status }), 'ReferralStatusChanged');
    await step(
      ortiz.post(`${path}/referrals/${benefitsReferralId}/status`, { status: 'accepted' }),
      'ReferralStatusChanged',
    );

    // 6. Advocacy, and progress on the goals.
    await step(
      ortiz.post(`${path}/advocacy-actions`, {
        actionType: 'benefit_appeal',
        targetOrganisation: 'VA Regional Benefits Office',
        outcome: 'successful',
        goalIds: ['goal-income'],
        summary: 'Appealed the pension suspension with the missing income report; reinstated with back pay.',
      }),
      'AdvocacyActionRecorded',
    );
    await step(
      ortiz.post(`${path}/goals/goal-income/progress`, {
        progress: 'in_progress',
        measuredValue: 600,
        note: 'First reinstated payment received',
      }),
      'GoalProgressRecorded',
    );
    await step(
      ortiz.post(`${path}/goals/goal-counseling/progress`, { progress: 'in_progress', measuredValue: 3 }),
      'GoalProgressRecorded',
    );

    // 7. Review and reassessment.
    await step(
      ortiz.post(`${path}/reviews`, {
        reviewId: 'review-1',
        goalReviews: [
          { goalId: 'goal-housing', progress: 'partially_met' },
          { goalId: 'goal-income', progress: 'in_progress' },
          { goalId: 'goal-counseling', progress: 'in_progress' },
        ],
        nextReviewDate: dates.secondReview,
        summary: 'Voucher issued; unit inspection pending. Income partly restored. Attending counseling.',
      }),
      'CaseReviewed',
    );
    await step(
      ortiz.post(`${path}/assessments`, {
        needs: [
          { needId: 'need-housing', domain: 'housing', severity: 'low' },
          { needId: incomeNeedId, domain: 'finances_employment', severity: 'low' },
        ],
        summary: 'Housed since last week; pension restored. Mood improved.',
      }),
      'NeedAssessed',
    );

    // 8. Goals achieved, the case moves to another worker, who closes it.
    await step(
      ortiz.post(`${path}/goals/goal-housing/achievement`, { measuredValue: 1, note: 'Lease signed' }),
      'GoalAchieved',
    );
    await step(ortiz.post(`${path}/goals/goal-income/achievement`, { measuredValue: 1250 }), 'GoalAchieved');
    await step(
      supervisor.post(`${path}/transfer`, {
        toCaseManagerId: 'cm-lee',
        reason: 'cm-ortiz moves to the intake team; caseload rebalanced',
      }),
      'CaseTransferred',
    );
    await step(
      lee.post(`${path}/termination`, {
        reason: 'goals_met',
        goalOutcomes: [{ goalId: 'goal-counseling', outcome: 'partially_achieved' }],
        ongoingSupports: [
          { serviceType: 'counseling', providerId: 'vet-center-peer-counseling' },
          { serviceType: 'benefits', providerId: 'va-benefits-office' },
        ],
        summary: 'Housed and on restored pension; continues peer counseling.',
      }),
      'CaseTerminated',
    );
    expect(version).toBe(29);

    // The case as it stands now.
    const final = await lee.get(path);
    expect(final.status).toBe(200);
    expect(final.headers.get('etag')).toBe('"29"');
    expect(final.body).toMatchObject({
      caseId,
      version: 29,
      // Opened from the engagement's sealed client data: the state itself holds none.
      client: { givenName: 'Raymond', familyName: 'Cole' },
      clientData: 'present',
      state: {
        status: 'closed',
        caseNumber: expect.stringMatching(/^CT-\d{4}-[0-9A-F]{8}$/),
        programId: 'veterans-housing',
        teamId: 'team-east',
        caseManagerId: 'cm-lee',
        clientId: expect.any(String),
        engagedAt,
        assessments: {
          count: 2,
          highestSeverity: 'low',
          needs: {
            'need-housing': { domain: 'housing', severity: 'low' },
            'need-health': { domain: 'physical_health', severity: 'high', assessmentId: 'assessment-intake' },
            [incomeNeedId!]: { domain: 'finances_employment', severity: 'low' },
            'need-mood': { domain: 'mental_health', severity: 'moderate' },
          },
        },
        plan: {
          amendmentNumber: 2,
          nextReviewDate: dates.secondReview,
          goals: {
            'goal-housing': {
              status: 'achieved',
              measuredValue: 1,
              dueDate: dates.housingDue,
              milestones: [
                { milestoneId: 'ms-voucher-application', dueDate: dates.firstMilestone },
                { milestoneId: expect.stringMatching(/^[0-9a-f-]{36}$/), dueDate: dates.inspection },
              ],
            },
            'goal-income': { status: 'achieved', measuredValue: 1250, needIds: [incomeNeedId] },
            'goal-counseling': {
              status: 'open',
              target: { value: 6, unit: 'sessions' },
              progress: 'in_progress',
              measuredValue: 3,
            },
          },
        },
        referrals: {
          'ref-housing': { status: 'completed', serviceType: 'housing_voucher' },
          [benefitsReferralId!]: { status: 'accepted', serviceType: 'benefits' },
          'ref-counseling-1': { status: 'declined', replacedByReferralId: 'ref-counseling-2' },
          'ref-counseling-2': { status: 'completed', replacesReferralId: 'ref-counseling-1' },
        },
        contacts: {
          'contact-benefits-call': { contactType: 'phone_call', happenedAt: callHappenedAt, corrections: 0 },
          'contact-home-visit': { contactType: 'home_visit', happenedAt: visitHappenedAt, corrections: 1 },
        },
        lastContactAt: callHappenedAt,
        reviewCount: 1,
        advocacyActionCount: 1,
        closing: { reason: 'goals_met', goalOutcomes: { 'goal-counseling': 'partially_achieved' } },
        reopenedCount: 0,
      },
    });

    // The audit trail: every event, who recorded it, when it was recorded and when it happened.
    const trail = await auditor.get(`${path}/events`);
    expect(trail.status).toBe(200);
    expect(trail.body.total).toBe(29);
    const events: any[] = trail.body.events;
    expect(events.map((event) => event.type)).toEqual([
      'ClientEngaged',
      'CaseAssigned',
      'NeedAssessed',
      'PlanAmended',
      'ReferralMade',
      'ReferralMade',
      'ReferralMade',
      'ReferralStatusChanged',
      'ContactRecorded',
      'ContactRecorded',
      'CaseNoteCorrected',
      'ReferralStatusChanged',
      'PlanAmended',
      'ReferralMade',
      'ReferralStatusChanged',
      'ReferralStatusChanged',
      'ReferralStatusChanged',
      'ReferralStatusChanged',
      'ReferralStatusChanged',
      'ReferralStatusChanged',
      'AdvocacyActionRecorded',
      'GoalProgressRecorded',
      'GoalProgressRecorded',
      'CaseReviewed',
      'NeedAssessed',
      'GoalAchieved',
      'GoalAchieved',
      'CaseTransferred',
      'CaseTerminated',
    ]);
    events.forEach((event, index) => {
      expect(event).toMatchObject({
        streamId: caseId,
        version: index + 1,
        actor: { id: expect.any(String), role: expect.any(String) },
        recordedAt: expect.any(String),
        occurredAt: expect.any(String),
      });
      if (index > 0)
        expect(Date.parse(event.recordedAt)).toBeGreaterThanOrEqual(Date.parse(events[index - 1].recordedAt));
    });
    expect(events.map((event) => event.actor.id)).toEqual([
      'intake-3',
      'sup-2',
      ...Array<string>(25).fill('cm-ortiz'),
      'sup-2',
      'cm-lee',
    ]);
    expect(events[0]).toMatchObject({ occurredAt: engagedAt, actor: { role: 'intake_worker' } });
    expect(Date.parse(events[0].recordedAt)).toBeGreaterThan(Date.parse(engagedAt));
    const homeVisit = events.find((event) => event.data.contactId === 'contact-home-visit');
    expect(homeVisit.occurredAt).toBe(visitHappenedAt);
    expect(Date.parse(homeVisit.recordedAt)).toBeGreaterThan(Date.parse(midpoint));
    // The auditor reads the trail masked: who, when and which services, but not the client's
    // finances, health or free text; each event says what it left out.
    const auditedTransfer = events.find((event) => event.type === 'CaseTransferred');
    expect(auditedTransfer.pii).toEqual({});
    expect(auditedTransfer.masked).toEqual(
      expect.arrayContaining([expect.objectContaining({ part: 'pii', path: 'reason' })]),
    );
    const auditedIntake = events.find((event) => event.type === 'NeedAssessed');
    expect(auditedIntake.pii).not.toHaveProperty('descriptions.need-housing');
    expect(auditedIntake.data.needs ?? []).not.toContainEqual(
      expect.objectContaining({ domain: 'finances_employment' }),
    );

    // The whole record, as the team's supervisor (who sees every category) reads it.
    const record = await supervisor.get(`${path}/events`);
    expect(record.status).toBe(200);
    const full: any[] = record.body.events;
    expect(full.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
    expect(full.every((event) => event.masked === undefined || event.masked.length === 0)).toBe(true);
    // Descriptions are keyed by the ids they describe, minted ones included; they stay apart from `data`.
    const [intakeAssessment, reassessment] = full.filter((event) => event.type === 'NeedAssessed');
    const strengthId = intakeAssessment.data.strengths[0].strengthId;
    expect(intakeAssessment).toMatchObject({
      data: {
        assessmentId: 'assessment-intake',
        kind: 'initial',
        scores: [{ tool: 'PHQ-9', score: 11, maxScore: 27 }],
      },
      pii: {
        descriptions: {
          'need-housing': 'Sleeping in his car; no fixed address',
          [incomeNeedId!]: 'No income since his pension lapsed',
          [strengthId]: 'His sister nearby offers meals and a mailing address',
        },
      },
    });
    expect(intakeAssessment.data.needs[2]).toEqual({
      needId: incomeNeedId,
      domain: 'finances_employment',
      category: 'finances',
      severity: 'high',
    });
    expect(reassessment.data).toMatchObject({ kind: 'reassessment', assessmentId: expect.any(String) });
    expect(full.find((event) => event.type === 'CaseTransferred')).toMatchObject({
      data: { fromCaseManagerId: 'cm-ortiz', toCaseManagerId: 'cm-lee' },
      pii: { reason: 'cm-ortiz moves to the intake team; caseload rebalanced' },
    });

    // As the agency knew it at the midpoint (by recorded time): nothing about contacts yet. Read by
    // the supervisor: cm-ortiz held the case then, but the transfer took his access with the case.
    const knownThen = await supervisor.get(`${path}?asOf=${encodeURIComponent(midpoint)}`);
    expect(knownThen.status).toBe(200);
    expect(knownThen.body).toMatchObject({
      caseId,
      version: versionAtMidpoint,
      asOf: midpoint,
      basis: 'recorded',
      state: {
        status: 'open',
        caseManagerId: 'cm-ortiz',
        assessments: { count: 1, highestSeverity: 'critical' },
        plan: { amendmentNumber: 1, nextReviewDate: dates.firstReview },
        referrals: {
          'ref-housing': { status: 'accepted' },
          [benefitsReferralId!]: { status: 'made' },
          'ref-counseling-1': { status: 'made', replacedByReferralId: null },
        },
        contacts: {},
        lastContactAt: null,
        closing: null,
      },
    });
    expect(Object.keys(knownThen.body.state.referrals)).toHaveLength(3);
    expect((await supervisor.get(`${path}/events?asOf=${encodeURIComponent(midpoint)}`)).body.total).toBe(
      versionAtMidpoint,
    );

    // As it had happened by then: the home visit, written up later, counts from when it took place.
    const happenedThen = await supervisor.get(`${path}?asOf=${encodeURIComponent(midpoint)}&basis=occurred`);
    expect(happenedThen.status).toBe(200);
    expect(happenedThen.body).toMatchObject({ asOf: midpoint, basis: 'occurred' });
    expect(happenedThen.body.state).toEqual({
      ...knownThen.body.state,
      contacts: {
        'contact-home-visit': { contactType: 'home_visit', happenedAt: visitHappenedAt, corrections: 0 },
      },
      lastContactAt: visitHappenedAt,
      // The visit is an entry of the ledger too, flagged as written up late or not.
      ledger: {
        ...knownThen.body.state.ledger,
        entries: {
          ...knownThen.body.state.ledger.entries,
          [homeVisit.eventId]: expect.objectContaining({
            type: 'ContactRecorded',
            version: homeVisit.version,
          }),
        },
      },
    });
    const happenedEvents = await supervisor.get(
      `${path}/events?asOf=${encodeURIComponent(midpoint)}&basis=occurred`,
    );
    expect(happenedEvents.body.events.map((event: any) => event.version)).toEqual([
      ...Array.from({ length: versionAtMidpoint }, (_, index) => index + 1),
      homeVisit.version,
    ]);
  });
});
