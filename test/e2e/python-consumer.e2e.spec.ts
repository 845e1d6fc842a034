import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { INFORMATION_CATEGORIES } from '@casetrail/domain';
import { EXAMPLE_EVENTS } from '@casetrail/domain/testing';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import type { CasetrailConfig } from '@casetrail/platform';
import { PROTECTION, type Protection } from '@casetrail/protection';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { ROOT } from '../support/build';
import { cleanUp } from '../support/cleanup';
import { api, eventually } from '../support/http';
import type { Persona } from '../support/identity';
import { readTopic } from '../support/kafka';
import { PARTNERS } from '../support/partners';

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();
const dayFromNow = (days: number) => new Date(Date.now() + days * 24 * HOUR).toISOString().slice(0, 10);
const fromNow = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();
const CONSUMER_DIR = join(ROOT, 'test', 'consumers', 'python');

type Reply = { status: number; body: any };

/**
 * Issue #15's "done when": a consumer in a second language, written from `libs/contracts` alone
 * (Python: jsonschema with a `referencing` registry, format checking on, confluent-kafka), reads
 * every topic of a realistic run over the real Kafka and database and finds every message valid,
 * keyed and headed as the README promises, in order per case, one shape per event id, hash-chained
 * over the published bytes, each case event naming its client. The run covers every event type
 * the contract has a schema for (the Python side checks that): a case's whole life with
 * corrections, a void, consents granted, narrowed and revoked to a partner, a closing and a
 * reopening; plans, closings and transfers out asked for, returned and approved; a household, a
 * safety flag, communication needs, an appointment, a task and its reminder; two clients merged; a
 * second client sharing everything with a clinic, then erased; reads for the access topic; the
 * partners' feeds.
 */
describe('a downstream consumer in Python, over a full run', () => {
  const h = {} as {
    config: CasetrailConfig;
    api: { app: INestApplication; url: string };
    projector: INestApplicationContext;
    mongo: MongoClient;
  };
  const as = (persona: Persona) => api(h.api.url, persona);
  const intake = () => as({ id: 'intake-py', role: 'intake_worker', programs: ['prog-py'] });
  const supervisor = () => as({ id: 'sup-py', role: 'supervisor', teams: ['team-py'] });
  const ortiz = () => as({ id: 'cm-py-ortiz', role: 'case_manager' });
  const lee = () => as({ id: 'cm-py-lee', role: 'case_manager' });
  const admin = () => as({ id: 'admin-py', role: 'administrator' });
  const deputy = () => as({ id: 'sup-py-2', role: 'supervisor', teams: ['team-py'] });

  const step = async (call: Promise<Reply>): Promise<any> => {
    const { status, body } = await call;
    expect({ status, body }).toMatchObject({ status: 201, body: { events: expect.any(Array) } });
    return body;
  };
  const eventIdOf = (body: { events: { eventId: string }[] }) => body.events[0]!.eventId;
  const engage = (givenName: string, sharingWith: string[]) =>
    step(
      intake().post('/cases', {
        programId: 'prog-py',
        teamId: 'team-py',
        referralSource: 'hospital',
        consent: { toServices: true, toInformationSharing: true, sharingWith },
        client: { givenName, familyName: 'Pyke', dateOfBirth: '1968-03-14', phone: '+1-555-0199' },
        presentingConcerns: 'Discharged to no address; sleeping in a car',
        engagedAt: ago(10),
      }),
    );

  /** One case's whole life: every kind of entry, corrections and a void, consents, closing, reopening. */
  const fullCase = async () => {
    const { caseId } = await engage('Raymond', ['county-housing']);
    const path = `/cases/${caseId}`;
    await step(supervisor().post(`${path}/assignment`, { caseManagerId: 'cm-py-ortiz' }));
    await step(
      ortiz().post(`${path}/assessments`, {
        assessmentId: 'assessment-intake',
        needs: [
          { needId: 'need-housing', domain: 'housing', severity: 'critical', description: 'No address' },
          { needId: 'need-income', domain: 'finances_employment', severity: 'high' },
        ],
        strengths: [{ domain: 'family_support', description: 'A sister nearby' }],
        scores: [{ tool: 'PHQ-9', score: 11, maxScore: 27 }],
        summary: 'Low mood since losing housing; motivated to apply for a voucher.',
        assessedAt: ago(9),
      }),
    );
    await step(
      ortiz().post(`${path}/plan/amendments`, {
        goalsAdded: [
          {
            goalId: 'goal-housing',
            domain: 'housing',
            needIds: ['need-housing'],
            target: { metric: 'housing voucher issued', value: 1, unit: 'voucher' },
            dueDate: dayFromNow(90),
            milestones: [{ dueDate: dayFromNow(14), description: 'Application submitted' }],
          },
          {
            goalId: 'goal-income',
            domain: 'finances_employment',
            needIds: ['need-income'],
            target: { metric: 'monthly benefit income', value: 1200, unit: 'USD' },
            dueDate: dayFromNow(120),
          },
        ],
        services: [
          { serviceType: 'housing_voucher', providerId: 'county-housing', goalIds: ['goal-housing'] },
        ],
        nextReviewDate: dayFromNow(30),
        reason: 'Initial plan',
      }),
    );
    await step(
      ortiz().post(`${path}/referrals`, {
        referralId: 'ref-housing',
        providerId: 'county-housing',
        serviceType: 'housing_voucher',
        goalIds: ['goal-housing'],
        note: 'Voucher application',
      }),
    );
    await step(
      ortiz().post(`${path}/referrals/ref-housing/status`, { status: 'accepted', note: 'Eligible' }),
    );
    const visit = await step(
      ortiz().post(`${path}/contacts`, {
        contactId: 'contact-visit',
        contactType: 'home_visit',
        participants: [{ kind: 'client' }, { kind: 'family', role: 'sister' }],
        durationMinutes: 60,
        summary: 'Had not taken insulin for two days.',
        happenedAt: ago(6),
      }),
    );
    await step(
      ortiz().post(`${path}/contacts/contact-visit/corrections`, {
        correctedSummary: 'Had not taken insulin for one day.',
        reason: 'Misread the handwritten notes',
      }),
    );
    await step(
      ortiz().post(`${path}/entries/${eventIdOf(visit)}/correction`, {
        occurredAt: ago(5.5),
        reason: 'The visit was in the afternoon',
      }),
    );
    const mistaken = await step(
      ortiz().post(`${path}/contacts`, {
        contactType: 'phone_call',
        participants: [{ kind: 'professional', id: 'county-housing', role: 'housing officer' }],
        summary: 'Entered on the wrong case.',
        happenedAt: ago(5),
      }),
    );
    await step(ortiz().post(`${path}/entries/${eventIdOf(mistaken)}/void`, { reason: 'Wrong case' }));
    // A program's form for contacts, published by an administrator, answered with a contact:
    // FormAnswered reaches the topic, the form's version does not.
    const forms = await admin().get('/programs/prog-py/forms');
    expect(forms.status).toBe(200);
    if ((forms.body as { forms: unknown[] }).forms.length === 0) {
      const published = await admin().post('/programs/prog-py/forms/visit_checklist/versions', {
        expectedVersion: 0,
        attachTo: 'contact',
        title: 'Visit checklist',
        fields: [
          { fieldId: 'insulin_at_home', label: 'Insulin at home', type: 'boolean', required: true },
          { fieldId: 'seen_with', label: 'Who was there', type: 'text' },
        ],
      });
      expect(published.status).toBe(201);
    }
    await step(
      ortiz().post(`${path}/contacts`, {
        contactType: 'phone_call',
        participants: [{ kind: 'client' }],
        summary: 'Checked on the insulin.',
        happenedAt: ago(4.5),
        form: {
          formId: 'visit_checklist',
          answers: [
            { fieldId: 'insulin_at_home', boolean: true },
            { fieldId: 'seen_with', text: 'Her sister' },
          ],
        },
      }),
    );
    await step(
      ortiz().post(`${path}/advocacy-actions`, {
        actionType: 'benefit_appeal',
        targetOrganisation: 'Regional Benefits Office',
        outcome: 'successful',
        goalIds: ['goal-income'],
        summary: 'Appealed the suspension; reinstated.',
      }),
    );
    await step(
      ortiz().post(`${path}/goals/goal-income/progress`, { progress: 'in_progress', measuredValue: 600 }),
    );
    await step(
      ortiz().post(`${path}/reviews`, {
        reviewId: 'review-1',
        goalReviews: [
          { goalId: 'goal-housing', progress: 'in_progress' },
          { goalId: 'goal-income', progress: 'in_progress' },
        ],
        nextReviewDate: dayFromNow(60),
        summary: 'Voucher pending; income partly restored.',
      }),
    );
    await step(
      ortiz().post(`${path}/needs`, {
        needId: 'need-transport',
        domain: 'physical_health',
        severity: 'low',
        description: 'No way to reach the clinic since the bus route was cut.',
      }),
    );
    // The plan minted the milestone's id: read it back.
    const { body: planned } = await ortiz().get(path);
    const milestoneId = (
      planned as { state: { plan: { goals: Record<string, { milestones: { milestoneId: string }[] }> } } }
    ).state.plan.goals['goal-housing']!.milestones[0]!.milestoneId;
    await step(
      ortiz().post(`${path}/goals/goal-housing/milestones/${milestoneId}/met`, {
        note: 'Application submitted',
      }),
    );
    await step(
      ortiz().post(`${path}/goals/goal-housing/achievement`, { measuredValue: 1, note: 'Lease signed' }),
    );
    await step(
      ortiz().post(`${path}/consents`, {
        consentId: 'c-housing',
        partnerId: PARTNERS.housing.id,
        categories: ['housing', 'finances', 'case_record'],
        purpose: 'treatment',
        note: 'Signed the release form',
        occurredAt: ago(4),
      }),
    );
    await step(
      ortiz().post(`${path}/consents/c-housing/narrowing`, {
        categories: ['housing', 'case_record'],
        occurredAt: ago(3),
      }),
    );
    await step(
      ortiz().post(`${path}/assessments`, {
        needs: [{ needId: 'need-housing', domain: 'housing', severity: 'low' }],
        summary: 'Housed since last week.',
      }),
    );
    await step(
      ortiz().post(`${path}/consents/c-housing/revocation`, { reason: 'Moved away', occurredAt: ago(1) }),
    );
    await step(
      supervisor().post(`${path}/transfer`, { toCaseManagerId: 'cm-py-lee', reason: 'Caseload rebalanced' }),
    );
    await step(
      lee().post(`${path}/termination`, {
        reason: 'goals_met',
        goalOutcomes: [{ goalId: 'goal-income', outcome: 'partially_achieved' }],
        ongoingSupports: [{ serviceType: 'benefits' }],
        summary: 'Housed; income restored.',
      }),
    );
    await step(lee().post(`${path}/reopening`, { reason: 'Lost the tenancy again' }));
    return caseId as string;
  };

  /** A client sharing every category with the clinic, then erased on their request. */
  const erasedClient = async () => {
    const { caseId } = await engage('Wilhelmina', []);
    const path = `/cases/${caseId}`;
    await step(supervisor().post(`${path}/assignment`, { caseManagerId: 'cm-py-ortiz' }));
    await step(
      ortiz().post(`${path}/consents`, {
        consentId: 'c-clinic',
        partnerId: PARTNERS.clinic.id,
        categories: INFORMATION_CATEGORIES,
        purpose: 'treatment',
        occurredAt: ago(8),
      }),
    );
    await step(
      ortiz().post(`${path}/assessments`, {
        needs: [{ needId: 'need-mh', domain: 'mental_health', severity: 'high', description: 'Anxious' }],
        summary: 'Wants to move closer to the clinic.',
      }),
    );
    const { body: state } = await ortiz().get(path);
    // Reads are recorded on the access topic: a granted one here, and the supervisor's below.
    expect((await supervisor().get(path)).status).toBe(200);
    const erasure = await admin().post(`/clients/${state.clientId as string}/erasure`, {
      legalBasis: 'GDPR Art. 17(1)(a)',
      requestedBy: 'data_subject',
    });
    expect([erasure.status, erasure.body]).toEqual([201, expect.anything()]);
    return caseId as string;
  };

  /**
   * A case as a release before ClientEngaged v2 stored it (no `data.clientId`: the case was its own
   * client), appended through the app's own sealing store. Its readers get it upcast to v2; the
   * topic must carry it as stored, v1, or its `hash` would not be over the bytes it arrives in.
   */
  const legacyCase = async () => {
    const caseId = randomUUID();
    const { clientId: _clientId, ...v1Data } = EXAMPLE_EVENTS.ClientEngaged.data;
    const protection = h.api.app.get<Protection>(PROTECTION);
    await protection.prepareClient(caseId, caseId, {
      givenName: 'Legacy',
      familyName: 'Pyke',
      dateOfBirth: '1950-01-01',
    });
    const eventId = randomUUID();
    await h.api.app.get<EventStore>(EVENT_STORE).append(caseId, 0, [
      {
        eventId,
        type: 'ClientEngaged',
        schemaVersion: 1,
        streamId: caseId,
        occurredAt: ago(20),
        recordedAt: ago(20),
        actor: { id: 'intake-py', role: 'intake_worker' },
        correlationId: randomUUID(),
        causationId: randomUUID(),
        data: { ...v1Data, caseNumber: 'CT-2019-0042', programId: 'prog-py', teamId: 'team-py' },
        pii: EXAMPLE_EVENTS.ClientEngaged.pii,
        dataSubject: caseId,
      },
    ]);
    return { caseId, eventId };
  };
  let legacy = { caseId: '', eventId: '' };

  const typesOf = async (caseId: string): Promise<string[]> => {
    const { status, body } = await supervisor().get(`/cases/${caseId}/events`);
    expect(status).toBe(200);
    return body.events.map((e: { type: string }) => e.type);
  };

  /**
   * A case in a program whose plans, closings and transfers out need a supervisor's approval: each
   * asked for, returned, asked for again and approved; a household, a safety flag set and cleared,
   * communication needs; an appointment and a task, the task reminded by the reminder service.
   */
  const approvalsCase = async () => {
    const { caseId } = await step(
      supervisor().post('/cases', {
        programId: 'prog-py-approvals',
        teamId: 'team-py',
        caseManagerId: 'cm-py-ortiz',
        referralSource: 'outreach',
        consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
        client: { givenName: 'Dorota', familyName: 'Pyke', dateOfBirth: '1979-11-02' },
        presentingConcerns: 'Evicted with two children; staying with a friend',
      }),
    );
    const path = `/cases/${caseId}`;
    const task = await step(
      ortiz().post(`${path}/tasks`, { taskId: 'task-call', title: 'Call the landlord', dueAt: fromNow(2) }),
    );
    expect(task.events.map((e: { type: string }) => e.type)).toEqual(['TaskCreated']);
    await step(
      ortiz().post(`${path}/assessments`, {
        needs: [{ needId: 'need-housing', domain: 'housing', severity: 'high' }],
        summary: 'Needs a home for three',
      }),
    );
    const goal = (goalId: string) => ({
      goalId,
      domain: 'housing',
      needIds: ['need-housing'],
      target: { metric: 'lease signed', value: 1, unit: 'lease' },
      dueDate: dayFromNow(90),
    });
    await step(
      ortiz().post(`${path}/plan/amendments`, {
        goalsAdded: [goal('goal-lease')],
        nextReviewDate: dayFromNow(30),
        reason: 'First plan',
      }),
    );
    await step(
      supervisor().post(`${path}/plan/approval`, {
        decision: 'returned',
        planVersion: 1,
        comments: 'Add a deposit goal',
      }),
    );
    await step(
      ortiz().post(`${path}/plan/amendments`, {
        goalsAdded: [goal('goal-deposit')],
        nextReviewDate: dayFromNow(30),
        reason: 'Deposit goal added as asked',
      }),
    );
    await step(supervisor().post(`${path}/plan/approval`, { decision: 'approved', planVersion: 2 }));
    await step(
      ortiz().post(`${path}/household/members`, {
        memberId: 'm-kid',
        relationship: 'child',
        givenName: 'Ola',
        familyName: 'Pyke',
      }),
    );
    await step(
      ortiz().post(`${path}/household/members`, {
        memberId: 'm-partner',
        relationship: 'spouse_partner',
        givenName: 'Tomasz',
        familyName: 'Pyke',
      }),
    );
    await step(ortiz().post(`${path}/household/members/m-partner/departure`, { note: 'Moved out' }));
    await step(
      ortiz().post(`${path}/safety-flags`, {
        flagId: 'flag-dnc',
        kind: 'do_not_contact',
        reason: 'Threats',
        doNotContact: [{ who: 'Tomasz Pyke' }],
      }),
    );
    await step(ortiz().post(`${path}/safety-flags/flag-dnc/clearance`, { reason: 'Order granted' }));
    await step(
      ortiz().post(`${path}/communication-needs`, {
        preferredLanguage: 'pl',
        interpreterNeeded: true,
        notes: 'Prefers mornings',
      }),
    );
    await step(
      ortiz().post(`${path}/appointments`, {
        appointmentId: 'appt-visit',
        startsAt: fromNow(72),
        durationMinutes: 45,
        channel: 'office_visit',
        participants: [{ kind: 'client' }],
      }),
    );
    await step(
      ortiz().post(`${path}/appointments/appt-visit/outcome`, {
        outcome: 'cancelled',
        cancelledBy: 'client',
        reason: 'A job interview that day',
      }),
    );
    // The reminder service, scanning the agenda, reminds the task due within the lead time.
    await eventually(async () => expect(await typesOf(caseId)).toContain('ItemDueSoon'), 60_000);
    await step(ortiz().post(`${path}/tasks/task-call/completion`, { note: 'Rent arrears agreed' }));
    const closing = {
      reason: 'goals_met',
      goalOutcomes: [
        { goalId: 'goal-lease', outcome: 'achieved' },
        { goalId: 'goal-deposit', outcome: 'achieved' },
      ],
      summary: 'Housed with the children.',
    };
    await step(ortiz().post(`${path}/termination`, closing));
    await step(
      supervisor().post(`${path}/closing/approval`, { decision: 'returned', comments: 'Wait a week' }),
    );
    await step(ortiz().post(`${path}/termination`, closing));
    await step(supervisor().post(`${path}/closing/approval`, { decision: 'approved' }));
    return caseId as string;
  };

  /** A transfer out of the approvals program: returned, asked for again, approved by the other supervisor. */
  const transferredCase = async () => {
    const { caseId } = await step(
      supervisor().post('/cases', {
        programId: 'prog-py-approvals',
        teamId: 'team-py',
        caseManagerId: 'cm-py-ortiz',
        referralSource: 'outreach',
        consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
        client: { givenName: 'Emil', familyName: 'Pyke', dateOfBirth: '2007-05-20' },
        presentingConcerns: 'Turning 18; leaving foster care',
      }),
    );
    const path = `/cases/${caseId}`;
    const out = {
      toCaseManagerId: 'cm-py-lee',
      toProgramId: 'prog-py',
      toTeamId: 'team-py',
      reason: 'Moves to the adult program',
    };
    await step(supervisor().post(`${path}/transfer`, out));
    await step(deputy().post(`${path}/transfer/approval`, { decision: 'returned', comments: 'Not yet' }));
    await step(supervisor().post(`${path}/transfer`, out));
    await step(deputy().post(`${path}/transfer/approval`, { decision: 'approved' }));
    return caseId as string;
  };

  /** Two records of one person: the second client merged into the first, its case changing client. */
  const mergedClients = async () => {
    const clientOf = async (caseId: string) =>
      (await supervisor().get(`/cases/${caseId}`)).body.clientId as string;
    const { caseId: first } = await engage('Fenna', []);
    const { caseId: second } = await engage('Fena', []);
    const merged = await supervisor().post(`/clients/${await clientOf(first)}/merge`, {
      duplicateClientId: await clientOf(second),
      reason: 'Same person: the given name was typed two ways at intake',
    });
    expect([merged.status, merged.body]).toEqual([201, expect.anything()]);
    expect(await typesOf(second)).toContain('CaseClientChanged');
  };

  beforeAll(async () => {
    h.config = isolatedExternalConfig({
      PROGRAM_APPROVALS: JSON.stringify({ 'prog-py-approvals': ['plan', 'closing', 'transfer_out'] }),
      // The reminder service runs here: its ItemDueSoon must reach the topic too.
      REMINDERS_ENABLED: 'true',
      REMINDER_SCAN_MS: '1000',
    });
    h.api = await startApi(h.config);
    // The agenda the reminder service scans is projected from the topic.
    h.projector = await startProjector(h.config);
    h.mongo = await new MongoClient(h.config.mongo.uri).connect();
    legacy = await legacyCase();
    await fullCase();
    await erasedClient();
    await approvalsCase();
    await transferredCase();
    await mergedClients();
    // A few more engagements, interleaved, so that several cases share the topic's partitions.
    for (const name of ['Ada', 'Bram', 'Chiara']) {
      const { caseId } = await engage(name, []);
      await step(supervisor().post(`/cases/${caseId}/assignment`, { caseManagerId: 'cm-py-lee' }));
    }
  }, 180_000);

  afterAll(async () => {
    await cleanUp(
      () => h.projector?.close(),
      () => h.api?.app.close(),
      () => h.mongo?.db(h.config.mongo.database).dropDatabase(),
      () => h.mongo?.close(),
    );
  });

  const isLegacy = (m: KafkaMessage) => m.headers?.['casetrail-event-id']?.toString() === legacy.eventId;

  it('finds every message of every topic valid against the published files alone', async () => {
    // The publisher has caught up with the store: everything committed is on the topics.
    await eventually(async () => {
      const { body } = await admin().get('/status');
      expect(body.publisher.lag).toBe(0);
    }, 60_000);
    const partnerTopics = [PARTNERS.housing.id, PARTNERS.clinic.id].map(
      (partnerId) => `${h.config.kafka.topic}.partner.${partnerId}`,
    );
    // The discloser makes a partner's topic with its first message.
    for (const topic of partnerTopics) await eventually(() => readTopic(topic, (m) => m.length > 0), 60_000);

    // The legacy engagement: upcast for the app's own readers, as stored on the topic.
    const { body: read } = await supervisor().get(`/cases/${legacy.caseId}`);
    expect(read).toMatchObject({ clientId: legacy.caseId });
    const onTopic = (await readTopic(h.config.kafka.topic, (m) => m.some(isLegacy)))
      .filter(isLegacy)
      .map((m) => JSON.parse(m.value!.toString('utf8')) as { schemaVersion: number; data: object });
    for (const message of onTopic) {
      expect(message.schemaVersion).toBe(1);
      expect(message.data).not.toHaveProperty('clientId');
    }

    const install = spawnSync('bash', [join(ROOT, 'infra', 'consumer', 'install.sh')], {
      encoding: 'utf8',
      timeout: 300_000,
    });
    if (install.status !== 0) throw new Error(`installing the consumer's venv failed:\n${install.stderr}`);
    const python = install.stdout.trim();
    const run = spawnSync(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', CONSUMER_DIR], {
      cwd: CONSUMER_DIR,
      encoding: 'utf8',
      timeout: 300_000,
      env: {
        ...process.env,
        CT_KAFKA_BOOTSTRAP: h.config.kafka.brokers.join(','),
        CT_CASE_TOPIC: h.config.kafka.topic,
        CT_ACCESS_TOPIC: h.config.kafka.accessTopic,
        CT_PARTNER_TOPICS: partnerTopics.join(','),
        CT_EXPECT_EVERY_TYPE: '1',
        PYTHONDONTWRITEBYTECODE: '1',
      },
    });
    // pytest's own report is the failure message: which message broke which rule.
    if (run.status !== 0)
      throw new Error(`pytest exited ${String(run.status ?? run.signal)}:\n${run.stdout}\n${run.stderr}`);
    expect(run.stdout).toMatch(/\d+ passed/);
    expect(run.stdout).not.toMatch(/skipped/);
  }, 600_000);
});
