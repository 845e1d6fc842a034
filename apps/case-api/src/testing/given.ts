import { dayFromNow } from '../../../../test/support/clock';
import type { Persona } from '../../../../test/support/identity';
import type { EmbeddedApi, Reply } from './api-harness';

/**
 * Who acts in the fast HTTP tests. The default case sits in program housing-first and team north
 * and is held by cm-1; each persona reaches it (or not) as the policy's table says.
 */
export const personas = {
  intake: { id: 'intake-1', role: 'intake_worker', programs: ['housing-first'] },
  caseManager: { id: 'cm-1', role: 'case_manager' },
  otherCaseManager: { id: 'cm-2', role: 'case_manager' },
  supervisor: { id: 'sup-1', role: 'supervisor', teams: ['north'] },
  auditor: { id: 'auditor-1', role: 'auditor' },
  analyst: { id: 'analyst-1', role: 'analyst' },
  programManager: { id: 'pm-1', role: 'program_manager', programs: ['housing-first'] },
  administrator: { id: 'admin-1', role: 'administrator' },
  service: { id: 'svc-1', kind: 'service' },
} as const satisfies Record<string, Persona>;

const HOUR_MS = 3_600_000;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR_MS).toISOString();

/** One command that must succeed while a case is set up: who sends it, where, with what. */
export interface Step {
  readonly as: Persona;
  /** `:caseId` stands for the case being set up. */
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/** Where the default case sits and who holds it: what the personas above reach, or not. */
export const HOME = { programId: 'housing-first', teamId: 'north', caseManagerId: 'cm-1' } as const;

export const engagement = (overrides: Record<string, unknown> = {}) => ({
  ...HOME,
  referralSource: 'hospital',
  consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
  client: { givenName: 'Ada', familyName: 'Moss', dateOfBirth: '1970-05-01' },
  presentingConcerns: 'Homeless after discharge',
  engagedAt: hoursAgo(3),
  ...overrides,
});

/**
 * The steps of a case's life with fixed ids (need-1, goal-1, milestone-1, ref-1, contact-1), so a test names
 * what it acts on. Each is the case manager's but the engagement (intake's) and the assignment
 * (the supervisor's).
 */
export const steps = {
  engaged: (overrides: Record<string, unknown> = {}): Step => ({
    as: personas.intake,
    path: '/cases',
    body: engagement(overrides),
  }),
  /** Engaged into the intake queue: no case manager yet. */
  unassigned: (): Step => steps.engaged({ caseManagerId: undefined }),
  assigned: (caseManagerId = 'cm-1'): Step => ({
    as: personas.supervisor,
    path: '/cases/:caseId/assignment',
    body: { caseManagerId },
  }),
  assessed: (): Step => ({
    as: personas.caseManager,
    path: '/cases/:caseId/assessments',
    body: {
      needs: [{ needId: 'need-1', domain: 'housing', severity: 'high' }],
      summary: 'Sleeping in a car',
    },
  }),
  /** An assessment masking hides from an auditor: a mental-health need, a safety need, free text. */
  assessedSensitively: (): Step => ({
    as: personas.caseManager,
    path: '/cases/:caseId/assessments',
    body: {
      needs: [
        { needId: 'need-1', domain: 'housing', severity: 'high' },
        { needId: 'need-mood', domain: 'mental_health', severity: 'moderate' },
        { needId: 'need-safety', domain: 'safety', severity: 'critical' },
      ],
      summary: 'Hiding from a violent partner; low mood',
    },
  }),
  planned: (): Step => ({
    as: personas.caseManager,
    path: '/cases/:caseId/plan/amendments',
    body: {
      goalsAdded: [
        {
          goalId: 'goal-1',
          domain: 'housing',
          needIds: ['need-1'],
          target: { metric: 'housing voucher issued', value: 1, unit: 'voucher' },
          dueDate: dayFromNow(60),
          milestones: [{ milestoneId: 'milestone-1', dueDate: dayFromNow(30) }],
        },
      ],
      nextReviewDate: dayFromNow(30),
      reason: 'First plan',
    },
  }),
  referred: (): Step => ({
    as: personas.caseManager,
    path: '/cases/:caseId/referrals',
    body: {
      referralId: 'ref-1',
      providerId: 'county-housing',
      serviceType: 'housing_voucher',
      goalIds: ['goal-1'],
    },
  }),
  scheduled: (): Step => ({
    as: personas.caseManager,
    path: '/cases/:caseId/appointments',
    body: {
      appointmentId: 'appt-1',
      startsAt: hoursAgo(1),
      durationMinutes: 60,
      channel: 'home_visit',
      participants: [{ kind: 'client' }],
      goalIds: ['goal-1'],
    },
  }),
  tasked: (): Step => ({
    as: personas.caseManager,
    path: '/cases/:caseId/tasks',
    body: { taskId: 'task-1', title: 'Submit the housing application', dueAt: hoursAgo(1) },
  }),
  contacted: (): Step => ({
    as: personas.caseManager,
    path: '/cases/:caseId/contacts',
    body: {
      contactId: 'contact-1',
      contactType: 'phone_call',
      participants: [{ kind: 'client' }],
      summary: 'Called the client',
      happenedAt: hoursAgo(1),
    },
  }),
  /** Consent consent-1 for clinic-1: substance use, mental health and the case record, for treatment. */
  consented: (): Step => ({
    as: personas.caseManager,
    path: '/cases/:caseId/consents',
    body: {
      consentId: 'consent-1',
      partnerId: 'clinic-1',
      categories: ['substance_use', 'mental_health', 'case_record'],
      purpose: 'treatment',
      note: 'Signed the Part 2 form',
      occurredAt: hoursAgo(2),
    },
  }),
  goalAchieved: (): Step => ({
    as: personas.caseManager,
    path: '/cases/:caseId/goals/goal-1/achievement',
    body: { measuredValue: 1 },
  }),
  /** Closed; `goalOutcomes` one per open goal (none when no plan was made). */
  terminated: (goalOutcomes: readonly { goalId: string; outcome: string }[] = []): Step => ({
    as: personas.caseManager,
    path: '/cases/:caseId/termination',
    body: { reason: 'client_withdrew', goalOutcomes, summary: 'Client moved away' },
  }),
} as const;

/** A case id nobody has used. */
export const UNKNOWN_CASE = '00000000-0000-4000-8000-000000000000';

/** What a 400 names: the field and the rule it broke, among any others. */
export const invalid = (field: string, rule: string) => ({
  code: 'VALIDATION_FAILED',
  errors: expect.arrayContaining([expect.objectContaining({ field, rule })]),
});

/** The answer of a request under test, and the case it was sent against. */
export type Answer = Reply & { readonly caseId: string; readonly path: string };

/**
 * The request under test, sent by `.then(status, body, headers)`, which asserts the answer: the
 * status, the body matched as a subset, and each named header (`null` for one that must be
 * absent); it resolves to the answer for further checks. Awaiting a When without `.then(...)` is
 * a type error: every request a test sends has its answer checked.
 */
export class When {
  constructor(private readonly send: () => Promise<Answer>) {}

  async then(status: number, body?: unknown, headers: Readonly<Record<string, string | null>> = {}) {
    if (typeof status !== 'number') throw new Error('End a request with .then(status, body?, headers?)');
    const answer = await this.send();
    const got = Object.fromEntries(Object.keys(headers).map((name) => [name, answer.headers.get(name)]));
    expect({ status: answer.status, body: answer.body, headers: got }).toMatchObject({
      status,
      ...(body === undefined ? {} : { body }),
      headers,
    });
    return answer;
  }
}

/** A case as `given` left it: its id and version, and requests to send about it. */
export interface GivenCase {
  readonly caseId: string;
  readonly version: number;
  /** `:caseId` in a path stands for this case. */
  readonly when: (persona: Persona) => {
    readonly get: (path: string, headers?: Record<string, string>) => When;
    readonly post: (path: string, body: unknown, headers?: Record<string, string>) => When;
  };
}

/**
 * given(api).case(steps...).when(persona).post(path, body).then(status, body, headers): the steps
 * run in order over HTTP (each must answer 201) and, when the first is not an engagement, the case
 * is first engaged with the defaults. `given(api).nothing()` is the same with no case at all.
 */
export const given = (api: EmbeddedApi) => {
  /** Requests about the case `caseId` will name once it is set up. */
  const whenFor =
    (caseId: Promise<string>): GivenCase['when'] =>
    (persona) => {
      const client = api.as(persona);
      const answering = (path: string, call: (at: string) => Promise<Reply>) =>
        new When(async () => {
          const id = await caseId;
          const at = path.replace(':caseId', id);
          return { ...(await call(at)), caseId: id, path: at };
        });
      return {
        get: (path, headers) => answering(path, (at) => client.get(at, headers)),
        post: (path, body, headers) => answering(path, (at) => client.post(at, body, headers)),
      };
    };
  const setUp = async (all: readonly Step[]): Promise<GivenCase> => {
    const sequence = all[0]?.path === '/cases' ? all : [steps.engaged(), ...all];
    let caseId = '';
    for (const [index, { as, path, body }] of sequence.entries()) {
      const reply = await api.as(as).post(path.replace(':caseId', caseId), body);
      expect({ step: path, status: reply.status, body: reply.body }).toMatchObject({
        step: path,
        status: 201,
        body: { version: index + 1 },
      });
      caseId = reply.body.caseId as string;
    }
    return { caseId, version: sequence.length, when: whenFor(Promise.resolve(caseId)) };
  };
  return {
    /** Sets up a case now: `ready` is the case once set up, `when` sends a request about it. */
    case: (...all: Step[]) => {
      const ready = setUp(all);
      const caseId = ready.then((opened) => opened.caseId);
      // A failed setup fails the request that needs it, not the test file's process.
      caseId.catch(() => undefined);
      return { ready, when: whenFor(caseId) };
    },
    nothing: () => ({ when: whenFor(Promise.resolve(UNKNOWN_CASE)) }),
  };
};
