import { randomUUID } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import { BUILT_IN_VOCABULARIES, type Role, type VocabularyKind } from '@casetrail/domain';
import type { CasetrailConfig } from '@casetrail/platform';
import { routeTable, type RouteEntry } from '../../apps/case-api/src/access/route-table';
import { AppModule } from '../../apps/case-api/src/app.module';
import { CasesModule } from '../../apps/case-api/src/cases/cases.module';
import { ClientsModule } from '../../apps/case-api/src/clients/clients.module';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { dayFromNow } from '../support/clock';
import { api, eventually } from '../support/http';

/**
 * Every route x every role x (own case, same team, other team, unknown id), generated from the
 * app's own route table, each against the status this file expects. The expectations are
 * written out here, apart from the policy code, so that the policy is checked, not restated.
 * Over the real Kafka and database, with tokens from the real OpenID Provider.
 */

type Relation = 'own' | 'team' | 'other' | 'unknown';
const RELATIONS: readonly Relation[] = ['own', 'team', 'other', 'unknown'];
/**
 * `ok`: authorized (201/200, or 422 where the case's state refuses the command, or 409
 * APPROVAL_NOT_PENDING where an approval finds nothing waiting); else the status.
 */
type Expected = 'ok' | 403 | 404;
type Row = readonly [Expected, Expected, Expected, Expected];

interface Persona {
  readonly id: string;
  readonly role: Role;
  readonly teams: string[];
  readonly programs: string[];
}

const PERSONAS: Readonly<Record<Role, Persona>> = {
  case_manager: { id: 'cm-a1', role: 'case_manager', teams: ['team-a'], programs: ['prog-a'] },
  supervisor: { id: 'sup-a', role: 'supervisor', teams: ['team-a'], programs: ['prog-a'] },
  intake_worker: { id: 'intake-a', role: 'intake_worker', teams: ['team-a'], programs: ['prog-a'] },
  administrator: { id: 'admin-1', role: 'administrator', teams: [], programs: [] },
  program_manager: { id: 'pm-a', role: 'program_manager', teams: [], programs: ['prog-a'] },
  analyst: { id: 'analyst-1', role: 'analyst', teams: [], programs: [] },
  auditor: { id: 'auditor-1', role: 'auditor', teams: [], programs: [] },
  service: { id: 'svc-billing', role: 'service', teams: [], programs: [] },
};
const ROLES = Object.keys(PERSONAS) as Role[];

const NO: Row = [403, 403, 403, 403];
const OWN_ONLY: Row = ['ok', 404, 404, 404];
const TEAM: Row = ['ok', 'ok', 404, 404];
const ALL: Row = ['ok', 'ok', 'ok', 404];
const LIST_ALL: Row = ['ok', 'ok', 'ok', 'ok'];

/** What each role gets, per action; a role not named gets 403 on every relation. */
const EXPECTED: Readonly<Record<string, Partial<Record<Role, Row>>>> = {
  'case.engage': {
    case_manager: ['ok', 403, 403, 'ok'],
    supervisor: ['ok', 'ok', 403, 'ok'],
    intake_worker: ['ok', 'ok', 403, 'ok'],
  },
  'case.assign': { supervisor: TEAM, intake_worker: OWN_ONLY },
  'case.transfer': { supervisor: TEAM },
  ...Object.fromEntries(
    [
      'case.assess',
      'case.amend-plan',
      'case.refer',
      'case.change-referral-status',
      'case.record-contact',
      'case.correct-note',
      'case.record-goal-progress',
      'case.achieve-goal',
      'case.meet-milestone',
      'case.identify-need',
      'case.record-advocacy',
      'case.review',
      'case.terminate',
      'case.reopen',
      'case.void-entry',
      'case.correct-entry',
      'case.narrow-consent',
      'case.revoke-consent',
      'case.add-household-member',
      'case.record-household-departure',
      'case.clear-safety-flag',
      'case.schedule-appointment',
      'case.record-appointment-outcome',
      'case.create-task',
      'case.close-task',
    ].map((action) => [action, { case_manager: OWN_ONLY, supervisor: TEAM }]),
  ),
  // A danger or a language learnt at intake: recorded on a case in the caller's queue too.
  ...Object.fromEntries(
    ['case.set-safety-flag', 'case.record-communication-needs'].map((action) => [
      action,
      { case_manager: OWN_ONLY, supervisor: TEAM, intake_worker: OWN_ONLY },
    ]),
  ),
  // Approvals are the team's supervisor's alone; the case's own worker may not give them.
  ...Object.fromEntries(
    ['case.approve-plan', 'case.approve-closing', 'case.approve-transfer'].map((action) => [
      action,
      { supervisor: TEAM },
    ]),
  ),
  // A consent can be taken at intake too, on a case in the caller's queue.
  'case.grant-consent': { case_manager: OWN_ONLY, supervisor: TEAM, intake_worker: OWN_ONLY },
  ...Object.fromEntries(
    ['case.read', 'case.read-history', 'case.read-timeline'].map((action) => [
      action,
      { case_manager: OWN_ONLY, supervisor: TEAM, intake_worker: OWN_ONLY, auditor: ALL },
    ]),
  ),
  'case.read-access-log': { supervisor: TEAM, auditor: ALL },
  'caseload.case-manager': {
    case_manager: ['ok', 403, 403, 403],
    supervisor: LIST_ALL,
    auditor: LIST_ALL,
  },
  // A worker's agenda: their own; the supervisor's team slice; the program manager's counts.
  'agenda.case-manager': {
    case_manager: ['ok', 403, 403, 403],
    supervisor: LIST_ALL,
    program_manager: LIST_ALL,
  },
  'caseload.team-or-program': {
    supervisor: ['ok', 'ok', 403, 403],
    program_manager: LIST_ALL,
    auditor: LIST_ALL,
  },
  'caseload.unassigned': { supervisor: LIST_ALL, intake_worker: LIST_ALL, auditor: LIST_ALL },
  'report.outcomes': {
    supervisor: LIST_ALL,
    program_manager: ['ok', 'ok', 403, 403],
    analyst: LIST_ALL,
    auditor: LIST_ALL,
  },
  'access.emergency-review': { supervisor: ['ok', 'ok', 403, 403], auditor: LIST_ALL },
  'analytics.list-timelines': { program_manager: ['ok', 'ok', 403, 403], analyst: LIST_ALL },
  // A pseudonym nobody was given: no case, whoever may read courses.
  'analytics.read-timeline': { program_manager: [404, 404, 404, 404], analyst: [404, 404, 404, 404] },
  'status.read': { administrator: LIST_ALL, auditor: LIST_ALL, service: LIST_ALL },
  // The client of the relation's case: the client's supervisor (their team's case) and auditors.
  'client.read-disclosures': { supervisor: TEAM, auditor: ALL },
  // A partner's own feed key only: another partner's is 403 whatever it is.
  'partner.read-feed-key': { service: ['ok', 403, 403, 403] },
  // A client's record across cases: found only through a case of theirs the caller may read.
  'client.search': { case_manager: OWN_ONLY, supervisor: TEAM, intake_worker: OWN_ONLY },
  // Merging moves every case of the duplicate: the supervisor of its team only.
  'client.merge': { supervisor: TEAM },
  'client.erase': { administrator: ALL },
  // The agency's vocabularies: read by everyone who reads cases, published by administrators.
  'vocabulary.read': {
    case_manager: LIST_ALL,
    supervisor: LIST_ALL,
    intake_worker: LIST_ALL,
    administrator: LIST_ALL,
    auditor: LIST_ALL,
  },
  'vocabulary.publish': { administrator: LIST_ALL },
  // A program's forms, likewise; a program manager publishes none (configuration, not a program's summary).
  'form.read': {
    case_manager: LIST_ALL,
    supervisor: LIST_ALL,
    intake_worker: LIST_ALL,
    administrator: LIST_ALL,
    auditor: LIST_ALL,
  },
  'form.publish': { administrator: LIST_ALL },
};

/** A program per relation, so that each of the administrator's publishes is the first version of its own form. */
const PROGRAM_OF: Readonly<Record<Relation, string>> = {
  own: 'prog-a',
  team: 'prog-team',
  other: 'prog-b',
  unknown: 'prog-nobody',
};

/** A kind per relation, so that each of the administrator's publishes is the next version of its own. */
const VOCABULARY_OF: Readonly<Record<Relation, VocabularyKind>> = {
  own: 'service_type',
  team: 'need_domain',
  other: 'closing_reason',
  unknown: 'contact_type',
};

/**
 * Where one action covers routes that answer differently: searching by name answers everyone who may
 * search, the matches filtered to the cases they may read (the leak check holds them to that).
 */
const EXPECTED_BY_ROUTE: Readonly<Record<string, Partial<Record<Role, Row>>>> = {
  'POST /clients/search': { case_manager: LIST_ALL, supervisor: LIST_ALL, intake_worker: LIST_ALL },
};

/** The case ids each role may ever see in an answer (by fixture name). */
const VISIBLE: Readonly<Record<Role, readonly string[]>> = {
  case_manager: ['A'],
  supervisor: ['A', 'B', 'U'],
  intake_worker: ['U'],
  administrator: [],
  program_manager: [],
  analyst: [],
  auditor: ['A', 'B', 'C', 'U'],
  service: [],
};

interface Scope {
  readonly teamId: string;
  readonly programId: string;
  readonly caseManagerId: string | null;
}
const FIXTURES: Readonly<Record<'A' | 'B' | 'C' | 'U', Scope>> = {
  A: { teamId: 'team-a', programId: 'prog-a', caseManagerId: 'cm-a1' },
  B: { teamId: 'team-a', programId: 'prog-a', caseManagerId: 'cm-a2' },
  C: { teamId: 'team-b', programId: 'prog-b', caseManagerId: 'cm-b1' },
  U: { teamId: 'team-a', programId: 'prog-a', caseManagerId: null },
};

/** Which fixture a relation means for a role: the intake worker's own cases are its queue. */
const fixtureFor = (role: Role, relation: Exclude<Relation, 'unknown'>): keyof typeof FIXTURES =>
  relation === 'own'
    ? role === 'intake_worker'
      ? 'U'
      : 'A'
    : relation === 'team'
      ? role === 'intake_worker'
        ? 'A'
        : 'B'
      : 'C';

const engagement = (scope: Scope) => ({
  programId: scope.programId,
  teamId: scope.teamId,
  ...(scope.caseManagerId ? { caseManagerId: scope.caseManagerId } : {}),
  referralSource: 'self',
  consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
  client: { givenName: 'Matrix', familyName: 'Client', dateOfBirth: '1980-01-01' },
  presentingConcerns: 'Needs help with housing',
  engagedAt: new Date(Date.now() - 3_600_000).toISOString(),
});

/** A valid body for each command on a prepared case (need-1, goal-1, ref-1, contact-1). */
const BODIES: Readonly<Record<string, (persona: Persona, relation: Relation) => unknown>> = {
  'vocabulary.publish': (_, relation) => ({
    expectedVersion: 0,
    codes: BUILT_IN_VOCABULARIES[VOCABULARY_OF[relation]].codes,
  }),
  // At closing and not required: the fixtures' commands carry no answers and stay unaffected.
  'form.publish': () => ({
    expectedVersion: 0,
    attachTo: 'closing',
    title: 'Matrix exit survey',
    fields: [{ fieldId: 'housed', label: 'Housed at exit', type: 'boolean' }],
  }),
  'case.engage': (persona, relation) =>
    engagement(
      relation === 'other'
        ? FIXTURES.C
        : relation === 'team'
          ? FIXTURES.B
          : persona.role === 'intake_worker'
            ? FIXTURES.U
            : { ...FIXTURES.A, caseManagerId: persona.role === 'case_manager' ? persona.id : 'cm-a1' },
    ),
  'case.assign': () => ({ caseManagerId: 'cm-a1' }),
  'case.transfer': () => ({ toCaseManagerId: 'cm-a3', reason: 'Caseload balancing' }),
  'case.assess': () => ({
    needs: [{ needId: 'need-2', domain: 'finances_employment', severity: 'high' }],
    summary: 'Lost hours at work this month.',
  }),
  'case.amend-plan': () => ({
    goalsAdded: [
      {
        goalId: 'goal-2',
        domain: 'finances_employment',
        needIds: ['need-1'],
        target: { metric: 'monthly income', value: 1000, unit: 'USD' },
        dueDate: dayFromNow(60),
      },
    ],
    nextReviewDate: dayFromNow(30),
    reason: 'Income goal added',
  }),
  'case.refer': () => ({
    referralId: 'ref-2',
    providerId: 'food-bank',
    serviceType: 'food_assistance',
    goalIds: ['goal-1'],
  }),
  'case.change-referral-status': () => ({ status: 'accepted' }),
  'case.record-contact': () => ({
    contactId: `contact-${randomUUID().slice(0, 8)}`,
    contactType: 'phone_call',
    participants: [{ kind: 'client' }],
    summary: 'Client called to confirm the appointment.',
    happenedAt: new Date(Date.now() - 60_000).toISOString(),
  }),
  'case.correct-note': () => ({ correctedSummary: 'Client called to reschedule.', reason: 'Misheard' }),
  // The path's entry id names no entry: authorized, it is a 422 UNKNOWN_ENTRY.
  'case.void-entry': () => ({ reason: 'Recorded on the wrong case' }),
  'case.grant-consent': () => ({
    consentId: `consent-${randomUUID().slice(0, 8)}`,
    partnerId: 'county-housing',
    categories: ['housing', 'services_referrals'],
    purpose: 'housing_placement',
  }),
  // The path's consent id names no consent: authorized, it is a 422 UNKNOWN_CONSENT.
  'case.narrow-consent': () => ({ categories: ['housing'] }),
  'case.revoke-consent': () => ({ reason: 'The client withdrew it' }),
  'case.correct-entry': () => ({
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    reason: 'Wrong day',
  }),
  'case.record-goal-progress': () => ({ progress: 'in_progress' }),
  'case.achieve-goal': () => ({}),
  'case.record-advocacy': () => ({
    actionType: 'benefit_appeal',
    targetOrganisation: 'County benefits office',
    outcome: 'pending',
    goalIds: ['goal-1'],
    summary: 'Appealed the denial of the housing benefit.',
  }),
  'case.review': () => ({
    reviewId: `review-${randomUUID().slice(0, 8)}`,
    goalReviews: [{ goalId: 'goal-1', progress: 'in_progress' }],
    nextReviewDate: dayFromNow(45),
    summary: 'Progressing; voucher application pending.',
  }),
  'case.terminate': () => ({
    reason: 'goals_met',
    goalOutcomes: [{ goalId: 'goal-1', outcome: 'achieved' }],
    summary: 'Housed.',
  }),
  'case.reopen': () => ({ reason: 'Client asked for help again' }),
  // A need id is minted per request, so each cell adds a new one.
  'case.identify-need': () => ({
    domain: 'education',
    severity: 'moderate',
    description: 'Not enrolled in school since the move.',
  }),
  // The path's milestone id names no milestone: authorized, it is a 422.
  'case.meet-milestone': () => ({ note: 'Application submitted' }),
  'case.add-household-member': () => ({
    relationship: 'child',
    givenName: 'Matrix',
    familyName: 'Child',
    dateOfBirth: '2015-01-01',
  }),
  // The path's member id names no member: authorized, it is a 422.
  'case.record-household-departure': () => ({ note: 'Moved out' }),
  'case.set-safety-flag': () => ({ kind: 'safety_alert', reason: 'Threats from a former partner' }),
  // The path's flag id names no flag: authorized, it is a 422.
  'case.clear-safety-flag': () => ({ reason: 'No longer applies' }),
  'case.record-communication-needs': () => ({ preferredLanguage: 'ar', interpreterNeeded: true }),
  'case.schedule-appointment': () => ({
    startsAt: `${dayFromNow(7)}T15:00:00Z`,
    durationMinutes: 60,
    channel: 'office_visit',
    participants: [{ kind: 'client' }],
    goalIds: ['goal-1'],
  }),
  // The path's appointment id names no appointment: authorized, it is a 422.
  'case.record-appointment-outcome': () => ({ outcome: 'missed_by_client' }),
  'case.create-task': () => ({
    title: 'Call the housing authority',
    dueAt: `${dayFromNow(3)}T17:00:00Z`,
    goalIds: ['goal-1'],
  }),
  // The path's task id names no task: authorized, it is a 422.
  'case.close-task': () => ({ note: 'Done' }),
  // Every fixture's client has this name and date of birth; nobody has the unknown relation's.
  'client.search': (_, relation) =>
    relation === 'unknown'
      ? { givenName: 'Nobody', familyName: 'Known' }
      : { givenName: 'Matrix', familyName: 'Client', dateOfBirth: '1980-01-01' },
  // The duplicate's id is filled in per cell: a fresh client at the relation's scope.
  'client.merge': () => ({ reason: 'Same person: registered twice at intake' }),
  'client.erase': () => ({ legalBasis: 'GDPR Art. 17(1)(a)', requestedBy: 'data_subject' }),
  // Nothing waits for approval on a prepared case: authorized, it is a 422.
  'case.approve-plan': () => ({ decision: 'approved', planVersion: 1 }),
  'case.approve-closing': () => ({ decision: 'approved' }),
  'case.approve-transfer': () => ({ decision: 'approved' }),
};

const IDS = {
  referralId: 'ref-1',
  contactId: 'contact-1',
  goalId: 'goal-1',
  milestoneId: 'milestone-none',
  consentId: 'consent-none',
  memberId: 'member-none',
  appointmentId: 'appointment-none',
  taskId: 'task-none',
  flagId: 'flag-none',
  formId: 'exit_survey',
};

/** The request a list route makes for a relation (the caller's own slice, a colleague's, another team's, nobody's). */
const LIST_QUERIES: Readonly<Record<string, (persona: Persona, relation: Relation) => string>> = {
  'caseload.case-manager': (persona, relation) =>
    ({ own: persona.id, team: 'cm-a2', other: 'cm-b1', unknown: 'cm-nobody' })[relation],
  'caseload.team-or-program': (_, relation) =>
    ({
      own: '?teamId=team-a',
      team: '?programId=prog-a',
      other: '?teamId=team-b',
      unknown: '?teamId=team-nobody',
    })[relation],
  'caseload.unassigned': () => '',
  'agenda.case-manager': (persona, relation) => LIST_QUERIES['caseload.case-manager']!(persona, relation),
  'analytics.list-timelines': (persona, relation) => LIST_QUERIES['report.outcomes']!(persona, relation),
  'analytics.read-timeline': () => 'c_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  'report.outcomes': (persona, relation) => {
    const period = `from=${dayFromNow(-30)}T00:00:00Z&to=${dayFromNow(1)}T00:00:00Z`;
    const program = { own: 'prog-a', team: null, other: 'prog-b', unknown: 'prog-nobody' }[relation];
    return `?${period}${program ? `&programId=${program}` : ''}`;
  },
  'access.emergency-review': (_, relation) =>
    ({ own: '?teamId=team-a', team: '', other: '?teamId=team-b', unknown: '?teamId=team-nobody' })[relation],
  'status.read': () => '',
  'client.read-disclosures': (persona, relation) =>
    relation === 'unknown' ? randomUUID() : sharedClients[fixtureFor(persona.role, relation)]!,
  'partner.read-feed-key': (persona, relation) =>
    ({ own: persona.id, team: 'partner-other', other: 'partner-elsewhere', unknown: 'partner-nobody' })[
      relation
    ],
  'vocabulary.read': () => '',
  'vocabulary.publish': (_, relation) => VOCABULARY_OF[relation],
  'form.read': (_, relation) => PROGRAM_OF[relation],
  'form.publish': (_, relation) => PROGRAM_OF[relation],
};

/** The client of each shared fixture's case, once prepared. */
const sharedClients: Record<string, string> = {};

describe('authorization matrix: every route x every role x every relation', () => {
  let config: CasetrailConfig;
  let caseApi: { app: INestApplication; url: string };
  let projector: INestApplicationContext;
  const routes = routeTable([
    ...(Reflect.getMetadata('controllers', CasesModule) as []),
    ...(Reflect.getMetadata('controllers', ClientsModule) as []),
    ...(AppModule.forConfig(isolatedExternalConfig()).controllers ?? []),
  ]).filter((route) => route.action !== 'public');
  const shared: Record<string, string> = {};

  const as = (persona: Persona) => api(caseApi.url, persona);
  const supervisorOf = (scope: Scope) =>
    api(caseApi.url, { id: `sup-${scope.teamId}`, role: 'supervisor', teams: [scope.teamId], programs: [] });

  /** A case at `scope` with a need, a goal, a referral and a contact: every command has something to act on. */
  const prepare = async (scope: Scope, closed = false): Promise<string> => {
    const supervisor = supervisorOf(scope);
    const engaged = await supervisor.post('/cases', engagement(scope));
    expect(engaged.status).toBe(201);
    const caseId = engaged.body.caseId as string;
    const steps: [string, unknown][] = [
      [
        'assessments',
        { needs: [{ needId: 'need-1', domain: 'housing', severity: 'critical' }], summary: 'Homeless.' },
      ],
      [
        'plan/amendments',
        {
          goalsAdded: [
            {
              goalId: 'goal-1',
              domain: 'housing',
              needIds: ['need-1'],
              target: { metric: 'housing voucher issued', value: 1, unit: 'voucher' },
              dueDate: dayFromNow(90),
            },
          ],
          nextReviewDate: dayFromNow(30),
          reason: 'Initial plan',
        },
      ],
      [
        'referrals',
        {
          referralId: 'ref-1',
          providerId: 'housing-authority',
          serviceType: 'housing_voucher',
          goalIds: ['goal-1'],
        },
      ],
      [
        'contacts',
        {
          contactId: 'contact-1',
          contactType: 'home_visit',
          participants: [{ kind: 'client' }],
          summary: 'Visited the client.',
          happenedAt: new Date(Date.now() - 120_000).toISOString(),
        },
      ],
      ...(closed
        ? [['termination', BODIES['case.terminate']!(PERSONAS.supervisor, 'own')] as [string, unknown]]
        : []),
    ];
    for (const [path, body] of steps) {
      const done = await supervisor.post(`/cases/${caseId}/${path}`, body);
      if (done.status !== 201) throw new Error(`${path}: ${done.status} ${JSON.stringify(done.body)}`);
    }
    return caseId;
  };

  /** The client of a fresh case at `scope`: for a merge's duplicate, or an erasure that must not touch the fixtures. */
  const freshClient = async (scope: Scope): Promise<string> => {
    const caseId = await prepare(scope);
    return (await supervisorOf(scope).get(`/cases/${caseId}`)).body.clientId as string;
  };

  beforeAll(async () => {
    config = isolatedExternalConfig();
    caseApi = await startApi(config);
    projector = await startProjector(config);
    for (const name of Object.keys(FIXTURES) as (keyof typeof FIXTURES)[])
      shared[name] = await prepare(FIXTURES[name]);
    for (const name of Object.keys(FIXTURES) as (keyof typeof FIXTURES)[]) {
      const read = await supervisorOf(FIXTURES[name]).get(`/cases/${shared[name]}`);
      sharedClients[name] = read.body.clientId as string;
    }
    // Timelines and caseloads are read models: wait until they hold every fixture.
    await eventually(async () => {
      for (const caseId of Object.values(shared))
        expect((await as(PERSONAS.auditor).get(`/cases/${caseId}/timeline`)).status).toBe(200);
      const all = await as(PERSONAS.auditor).get('/caseloads?teamId=team-a&status=all');
      expect(all.body.total).toBe(3);
    });
  });

  afterAll(async () => {
    await caseApi?.app.close();
    await projector?.close();
    const mongo = await new MongoClient(config.mongo.uri).connect();
    await mongo.db(config.mongo.database).dropDatabase();
    await mongo.close();
  });

  const pathFor = (route: RouteEntry, caseId: string) =>
    route.path
      .replace(':caseId', caseId)
      .replace(/:(\w+)/g, (_, name: string) => IDS[name as keyof typeof IDS] ?? name);

  const expectedFor = (route: RouteEntry, role: Role, relation: Relation): Expected =>
    ((EXPECTED_BY_ROUTE[`${route.method} ${route.path}`] ?? EXPECTED[route.action!])?.[role] ?? NO)[
      RELATIONS.indexOf(relation)
    ]!;

  it('covers every route: each has expectations and a request here', () => {
    expect(routes.length).toBeGreaterThanOrEqual(25);
    for (const route of routes) {
      expect({ route: route.path, known: route.action! in EXPECTED }).toEqual({
        route: route.path,
        known: true,
      });
      const isCaseRoute =
        route.path.includes(':caseId') || route.path.startsWith('/clients') || route.action === 'case.engage';
      const hasRequest = isCaseRoute
        ? route.method === 'GET' || route.action! in BODIES
        : route.action! in LIST_QUERIES;
      expect({ route: route.path, hasRequest }).toEqual({ route: route.path, hasRequest: true });
    }
  });

  it('answers each cell as expected, with no unauthorized 2xx and no case outside the caller’s reach', async () => {
    const cells: {
      route: string;
      role: Role;
      relation: Relation;
      expected: Expected;
      status: number;
      code?: unknown;
    }[] = [];
    const leaks: string[] = [];
    for (const route of routes) {
      for (const role of ROLES) {
        const persona = PERSONAS[role];
        for (const relation of RELATIONS) {
          const expected = expectedFor(route, role, relation);
          let path: string;
          let body = route.method === 'POST' ? BODIES[route.action!]!(persona, relation) : undefined;
          if (route.path === '/clients/search') {
            path = route.path;
          } else if (route.path.startsWith('/clients/:clientId')) {
            // The client of the relation's case; an authorized erasure gets a fresh one of the same relation.
            const fixture = relation === 'unknown' ? null : FIXTURES[fixtureFor(role, relation)];
            const clientId =
              fixture === null
                ? randomUUID()
                : route.action === 'client.erase' && expected === 'ok'
                  ? await freshClient(fixture)
                  : sharedClients[fixtureFor(role, relation as Exclude<Relation, 'unknown'>)]!;
            path = route.path.replace(':clientId', clientId);
            if (route.action === 'client.merge') {
              // A duplicate at the same scope, so that the relation alone decides the answer.
              const duplicateClientId =
                fixture === null || expected === 403 ? randomUUID() : await freshClient(fixture);
              body = { ...(body as object), duplicateClientId };
            }
          } else if (route.path.includes(':caseId')) {
            // A command that will be authorized changes its case: it gets a fresh one of the same relation.
            const fresh = expected === 'ok' && route.method === 'POST';
            const caseId =
              relation === 'unknown'
                ? randomUUID()
                : fresh
                  ? await prepare(FIXTURES[fixtureFor(role, relation)], route.action === 'case.reopen')
                  : shared[fixtureFor(role, relation)]!;
            path = pathFor(route, caseId);
          } else if (route.action === 'case.engage') {
            path = route.path;
          } else {
            const query = LIST_QUERIES[route.action!]!(persona, relation);
            // The first path id is the relation's; any other (a form's) the fixed one of IDS.
            path = route.path.includes(':')
              ? route.path
                  .replace(/:\w+/, query)
                  .replace(/:(\w+)/g, (_, name: string) => IDS[name as keyof typeof IDS] ?? name)
              : `${route.path}${query}`;
          }
          const response =
            route.method === 'GET' ? await as(persona).get(path) : await as(persona).post(path, body);
          cells.push({
            route: `${route.method} ${route.path}`,
            role,
            relation,
            expected,
            status: response.status,
            code: (response.body as { code?: unknown } | null)?.code,
          });
          if (response.status < 300) {
            const text = JSON.stringify(response.body);
            for (const [name, caseId] of Object.entries(shared))
              if (!VISIBLE[role].includes(name) && text.includes(caseId))
                leaks.push(`${role} ${relation} ${route.method} ${path}: case ${name}`);
          }
        }
      }
    }

    const matches = (cell: (typeof cells)[number]) =>
      cell.expected === 'ok'
        ? [200, 201, 422].includes(cell.status) ||
          // Past the policy, an approval with nothing waiting is a state conflict of the case.
          (cell.status === 409 && cell.code === 'APPROVAL_NOT_PENDING')
        : cell.status === cell.expected;
    const table = [
      `| route | ${ROLES.join(' | ')} |`,
      `| --- | ${ROLES.map(() => '---').join(' | ')} |`,
      ...[...new Set(cells.map((c) => c.route))].map(
        (route) =>
          `| ${route} | ${ROLES.map((role) =>
            RELATIONS.map((relation) => {
              const cell = cells.find(
                (c) => c.route === route && c.role === role && c.relation === relation,
              )!;
              return `${cell.status}${matches(cell) ? '' : '!'}`;
            }).join('/'),
          ).join(' | ')} |`,
      ),
    ].join('\n');
    console.log(
      `Authorization matrix: status per role for own / same team / other team / unknown (! = unexpected)\n${table}`,
    );

    const unauthorized2xx = cells.filter((c) => c.expected !== 'ok' && c.status < 300);
    expect(unauthorized2xx).toEqual([]);
    expect(leaks).toEqual([]);
    expect(cells.filter((c) => !matches(c))).toEqual([]);
    // The matrix exercised real successes, not only refusals.
    expect(cells.filter((c) => c.expected === 'ok' && c.status < 300).length).toBeGreaterThan(60);
    // Over 60 routes x 8 roles x 4 relations, a fresh case for every authorized command: minutes.
  }, 420_000);
});
