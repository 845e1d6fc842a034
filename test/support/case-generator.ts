import {
  CASE_EVENT_SCHEMA_VERSION,
  CLOSING_REASONS,
  CONTACT_TYPES,
  GOAL_PROGRESS,
  SEVERITIES,
  caseDecider,
  type ActiveCase,
  type AssessmentDomain,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type CommandMetadata,
  type Recorded,
  type ReferralStatus,
  type ServiceType,
} from '@casetrail/domain';
import type { EventToAppend } from '@casetrail/event-store';
import type { Random } from './random';

/**
 * Realistic case histories for load and fault tests: every event is decided by the real Case
 * decider from a command, on a fixed clock, so the streams are ones the API could have written.
 * Cases run concurrently (their commits interleave in the global log), as on a real caseload.
 */
export interface GeneratedCommit {
  readonly streamId: string;
  /** The stream's version before this commit: what `append` expects. */
  readonly expectedVersion: number;
  readonly events: readonly EventToAppend[];
}

export interface GeneratedCase {
  readonly caseId: string;
  /** The decider's state after the case's last event. */
  readonly state: CaseState;
  /** Events in the stream: the version its read models must end at. */
  readonly version: number;
}

export interface GeneratedHistory {
  /** In the order to append them: one command's events per commit, cases interleaved. */
  readonly commits: readonly GeneratedCommit[];
  readonly cases: ReadonlyMap<string, GeneratedCase>;
  readonly eventCount: number;
}

export interface GenerateOptions {
  /** Cases are started until this many events exist; the cases started are then finished. */
  readonly minEvents: number;
  /** How many cases are in progress at once. */
  readonly concurrentCases?: number;
  /** The fixed clock's first reading. */
  readonly startAt?: string;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const iso = (ms: number): string => new Date(ms).toISOString();
const calendarDate = (ms: number): string => iso(ms).slice(0, 10);

const GIVEN_NAMES = ['Ada', 'Bram', 'Chiara', 'Dmitri', 'Esi', 'Farid', 'Greta', 'Hana', 'Ivo', 'Jun'];
const FAMILY_NAMES = ['Moss', 'Okafor', 'Reyes', 'Lindqvist', 'Haddad', 'Novak', 'Tanaka', 'Osei', 'Kaur'];
const NEED_DOMAINS: readonly AssessmentDomain[] = [
  'housing',
  'mental_health',
  'finances_employment',
  'physical_health',
  'substance_use',
  'legal',
];
const SERVICES: readonly ServiceType[] = [
  'housing_voucher',
  'counseling',
  'job_training',
  'medical_care',
  'legal_aid',
  'benefits',
];
/** Paths a referral takes after it is made; each transition is one the decider allows. */
const REFERRAL_PATHS: readonly (readonly ReferralStatus[])[] = [
  ['accepted', 'service_started', 'completed'],
  ['accepted', 'service_started'],
  ['accepted'],
  ['accepted', 'no_show'],
  ['declined'],
  ['withdrawn'],
  [],
];

/** One step of a case: a command for its current state, or null when it does not apply. */
type Step = (active: ActiveCase, metadata: CommandMetadata, nowMs: number) => CaseCommand | null;

const openGoalIds = (active: ActiveCase): string[] =>
  Object.entries(active.plan?.goals ?? {})
    .filter(([, goal]) => goal.status === 'open')
    .map(([goalId]) => goalId);

/** Everything that happens to one case, decided up front; each step reads the state it meets. */
const planCase = (
  random: Random,
  caseId: string,
  n: number,
): { engage: (metadata: CommandMetadata) => CaseCommand; rest: Step[] } => {
  const unassigned = random.chance(0.15);
  const needIds: string[] = [];
  const engage = (metadata: CommandMetadata): CaseCommand => ({
    type: 'EngageClient',
    caseId,
    metadata,
    data: {
      // One client per case, as every case before ClientEngaged v2 was.
      clientId: `client-${caseId}`,
      caseNumber: `CT-2025-${String(n).padStart(5, '0')}`,
      programId: random.pick(['housing-first', 'family-support', 'youth-outreach']),
      teamId: random.chance(0.8) ? random.pick(['team-north', 'team-south', 'team-east']) : null,
      caseManagerId: unassigned ? null : `cm-${random.int(1, 12)}`,
      referralSource: random.pick(['self', 'family', 'hospital', 'court', 'school', 'outreach'] as const),
      consent: { toServices: true, toInformationSharing: random.chance(0.5), sharingWith: [] },
      client: {
        givenName: random.pick(GIVEN_NAMES),
        familyName: random.pick(FAMILY_NAMES),
        dateOfBirth: `${random.int(1950, 2005)}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
      },
      presentingConcerns: 'Referred for support with housing, income and health.',
    },
  });
  const rest: Step[] = [];
  if (unassigned)
    rest.push((_active, metadata) => ({
      type: 'AssignCase',
      caseId,
      metadata,
      data: { caseManagerId: `cm-${random.int(1, 12)}` },
    }));
  const assess: Step = (_active, metadata) => {
    const domains = [...NEED_DOMAINS].sort(() => random.next() - 0.5).slice(0, random.int(1, 3));
    const needs = domains.map((domain) => {
      // Re-assessments re-rate the needs already known, in the domain each was first assessed in.
      const needId = `need-${domain}`;
      if (!needIds.includes(needId)) needIds.push(needId);
      return { needId, domain, severity: random.pick(SEVERITIES) };
    });
    return {
      type: 'AssessNeeds',
      caseId,
      metadata,
      data: {
        assessmentId: random.uuid(),
        needs,
        strengths: random.chance(0.5) ? [{ strengthId: random.uuid(), domain: 'family_support' }] : [],
        scores: random.chance(0.3) ? [{ tool: 'PHQ-9', score: random.int(0, 27), maxScore: 27 }] : [],
        summary: 'Needs assessed with the client.',
      },
    };
  };
  let goals = 0;
  const amend: Step = (active, metadata, nowMs) => {
    const known = needIds.filter((id) => Object.hasOwn(active.assessments.needs, id));
    const needId = random.pick(known);
    const goalId = `goal-${++goals}`;
    return {
      type: 'AmendPlan',
      caseId,
      metadata,
      data: {
        goalsAdded: [
          {
            goalId,
            domain: active.assessments.needs[needId]!.domain,
            needIds: [needId],
            target: { metric: 'days in stable housing', value: random.int(10, 90), unit: 'days' },
            dueDate: calendarDate(nowMs + random.int(60, 180) * DAY),
            milestones: random.chance(0.5)
              ? [{ milestoneId: `${goalId}-m1`, dueDate: calendarDate(nowMs + 30 * DAY) }]
              : [],
          },
        ],
        nextReviewDate: calendarDate(nowMs + random.int(14, 45) * DAY),
        reason: active.plan === null ? 'First plan agreed with the client.' : 'Plan revised with the client.',
      },
    };
  };
  rest.push(assess, amend);
  let referrals = 0;
  const refer = (replaces: string | null): string => {
    const referralId = `ref-${++referrals}`;
    rest.push((active, metadata) => ({
      type: 'MakeReferral',
      caseId,
      metadata,
      data: {
        referralId,
        providerId: `provider-${random.int(1, 20)}`,
        serviceType: random.pick(SERVICES),
        goalIds: openGoalIds(active).slice(0, 1),
        replacesReferralId: replaces,
        note: 'Referral discussed with the client.',
      },
    }));
    const path = random.pick(REFERRAL_PATHS);
    for (const status of path)
      rest.push((_active, metadata) => ({
        type: 'ChangeReferralStatus',
        caseId,
        metadata,
        data: { referralId, status, note: `Provider reports ${status}.` },
      }));
    const last = path.at(-1);
    if ((last === 'declined' || last === 'withdrawn' || last === 'no_show') && random.chance(0.5))
      refer(referralId);
    return referralId;
  };
  for (let r = random.int(0, 3); r > 0; r--) refer(null);
  let contacts = 0;
  const contact: Step = (active, metadata, nowMs) => ({
    type: 'RecordContact',
    caseId,
    metadata,
    data: {
      contactId: `contact-${++contacts}`,
      contactType: random.pick(CONTACT_TYPES),
      participants: [{ kind: 'client' }],
      durationMinutes: random.chance(0.8) ? random.int(10, 90) : null,
      summary: 'Met the client; discussed progress.',
      // Written up a little after it happened, never before the engagement.
      happenedAt: iso(Math.max(Date.parse(active.engagedAt), nowMs - random.int(0, 600) * MINUTE)),
    },
  });
  for (let c = random.int(1, 4); c > 0; c--) rest.push(contact);
  if (random.chance(0.25))
    rest.push((active, metadata) =>
      active.caseManagerId === null
        ? null
        : {
            type: 'TransferCase',
            caseId,
            metadata,
            data: { toCaseManagerId: `${active.caseManagerId}-b`, reason: 'Caseload balancing.' },
          },
    );
  const review: Step = (active, metadata, nowMs) =>
    active.plan === null
      ? null
      : {
          type: 'ReviewCase',
          caseId,
          metadata,
          data: {
            reviewId: random.uuid(),
            goalReviews: openGoalIds(active).map((goalId) => ({
              goalId,
              progress: random.pick(GOAL_PROGRESS),
            })),
            nextReviewDate: calendarDate(nowMs + random.int(14, 45) * DAY),
            summary: 'Periodic review.',
          },
        };
  if (random.chance(0.4)) rest.push(review);
  if (random.chance(0.3)) rest.push(amend);
  if (random.chance(0.4)) {
    rest.push((active, metadata) => ({
      type: 'TerminateCase',
      caseId,
      metadata,
      data: {
        reason: random.pick(CLOSING_REASONS),
        goalOutcomes: openGoalIds(active).map((goalId) => ({
          goalId,
          outcome: random.pick(['achieved', 'partially_achieved', 'not_achieved'] as const),
        })),
        summary: 'Case closed with the client.',
      },
    }));
    if (random.chance(0.3))
      rest.push(
        (_active, metadata) => ({
          type: 'ReopenCase',
          caseId,
          metadata,
          data: {
            reason: 'Client asked for support again.',
            caseManagerId: random.chance(0.5) ? `cm-${random.int(1, 12)}` : null,
          },
        }),
        assess,
        contact,
      );
  }
  return { engage, rest };
};

interface Cursor {
  readonly caseId: string;
  engage: ((metadata: CommandMetadata) => CaseCommand) | null;
  readonly steps: Step[];
  state: CaseState;
  version: number;
}

/**
 * Generates interleaved case histories with the real decider. Deterministic for a given
 * `random` state: the same seed gives the same ids, events and order.
 */
export const generateCaseHistory = (random: Random, options: GenerateOptions): GeneratedHistory => {
  const concurrent = options.concurrentCases ?? 40;
  let nowMs = Date.parse(options.startAt ?? '2025-01-06T08:00:00.000Z');
  const commits: GeneratedCommit[] = [];
  const done = new Map<string, GeneratedCase>();
  const active: Cursor[] = [];
  let eventCount = 0;
  let started = 0;
  for (;;) {
    while (eventCount < options.minEvents && active.length < concurrent) {
      const caseId = random.uuid();
      const { engage, rest } = planCase(random, caseId, ++started);
      active.push({ caseId, engage, steps: rest, state: caseDecider.initialState, version: 0 });
    }
    if (active.length === 0) break;
    const index = random.int(0, active.length - 1);
    const cursor = active[index]!;
    nowMs += random.int(1, 20) * MINUTE;
    const { state } = cursor;
    const metadata: CommandMetadata = {
      recordedAt: iso(nowMs),
      actor:
        state.status === 'initial'
          ? { id: 'intake-1', role: 'intake_worker' }
          : state.caseManagerId === null
            ? { id: 'supervisor-1', role: 'supervisor' }
            : { id: state.caseManagerId, role: 'case_manager' },
      correlationId: random.uuid(),
      causationId: random.uuid(),
      timeZone: 'UTC',
    };
    let command: CaseCommand | null;
    if (cursor.engage !== null) {
      command = cursor.engage(metadata);
      cursor.engage = null;
    } else {
      if (state.status === 'initial') throw new Error(`Case ${cursor.caseId} was never engaged`);
      command = cursor.steps.shift()!(state, metadata, nowMs);
    }
    if (command !== null) {
      // A rule broken here is a bug in this generator: let it surface.
      const decided = caseDecider.decide(command, cursor.state);
      const events = decided.map((event): EventToAppend => ({
        ...event,
        eventId: random.uuid(),
        schemaVersion: CASE_EVENT_SCHEMA_VERSION[event.type],
        streamId: cursor.caseId,
        recordedAt: metadata.recordedAt,
        actor: metadata.actor,
        correlationId: metadata.correlationId,
        causationId: metadata.causationId,
      }));
      commits.push({ streamId: cursor.caseId, expectedVersion: cursor.version, events });
      // Folded as stored (with ids and versions), as every reader of the store folds them.
      cursor.state = events.reduce(
        (state, event, index) =>
          caseDecider.evolve(state, { ...event, version: cursor.version + index + 1 } as Recorded<CaseEvent>),
        cursor.state,
      );
      cursor.version += decided.length;
      eventCount += decided.length;
    }
    if (cursor.engage === null && cursor.steps.length === 0) {
      active.splice(index, 1);
      done.set(cursor.caseId, { caseId: cursor.caseId, state: cursor.state, version: cursor.version });
    }
  }
  return { commits, cases: done, eventCount };
};
