import type { Role } from '../shared/metadata';
import type { Principal } from './principal';

/**
 * The one access policy: who may do what to which records. Every route names one action;
 * the HTTP layer asks `permits` before doing anything (function level) and `authorizeCase`
 * or `authorizeList` once it knows the record (object level). Pure, so the whole table is
 * unit-tested and printed in README.
 *
 * Access follows the case's assignment in the event history, never a second list: a case
 * manager sees the cases assigned to them now; a transfer moves access with the case (the
 * earlier holder keeps none; break-the-glass covers the emergencies that leaves).
 */

/** Commands on a case, one per use case; the names match the routes in README. */
export const CASE_COMMAND_ACTIONS = [
  'case.engage',
  'case.assign',
  'case.transfer',
  'case.assess',
  // One need found between assessments (issue #14).
  'case.identify-need',
  'case.amend-plan',
  'case.refer',
  'case.change-referral-status',
  'case.record-contact',
  'case.correct-note',
  'case.record-goal-progress',
  'case.achieve-goal',
  'case.meet-milestone',
  'case.record-advocacy',
  'case.review',
  'case.terminate',
  'case.reopen',
  'case.void-entry',
  'case.correct-entry',
  'case.void-closure',
  // The client's consent to share with a partner: given, narrowed, withdrawn.
  'case.grant-consent',
  'case.narrow-consent',
  'case.revoke-consent',
  // Who lives with the client: members joining and leaving.
  'case.add-household-member',
  'case.record-household-departure',
  // Warnings on the client (confidential address, do-not-contact, safety alert) and how to talk with them.
  'case.set-safety-flag',
  'case.clear-safety-flag',
  'case.record-communication-needs',
  // Receipts of an erasure, one per case of the client: the erasure route sends them, no case route.
  'client.erase',
  // A supervisor's approval of a plan version or a closing that the program requires approved.
  'case.approve-plan',
  'case.approve-closing',
  // Appointments and tasks (issue #14): casework like any other.
  'case.schedule-appointment',
  'case.record-appointment-outcome',
  'case.create-task',
  'case.close-task',
  // The reminder service's "due soon" fact: no person sends it.
  'case.remind-due-item',
  // A supervisor's approval of a transfer out of the program that the program requires approved.
  'case.approve-transfer',
  // Merging a duplicate client into the survivor: one change per case of the duplicate.
  'client.merge',
] as const;

/** Approvals are the supervisor's: the case's own worker asks for them and may not give them. */
export const APPROVAL_ACTIONS: readonly CaseCommandAction[] = [
  'case.approve-plan',
  'case.approve-closing',
  'case.approve-transfer',
];

/** Reads of one case's record: each returns client data, so each is recorded. */
export const CASE_READ_ACTIONS = [
  'case.read',
  'case.read-history',
  'case.read-timeline',
  'case.read-access-log',
  // The accounting of what went to which partner under which consent (42 CFR Part 2, 2024 rule):
  // decided per case of the client, allowed when any of them allows it.
  'client.read-disclosures',
] as const;

/** Reads across many cases; the policy says which slice of them the caller gets. */
export const LIST_ACTIONS = [
  'caseload.case-manager',
  'caseload.team-or-program',
  'caseload.unassigned',
  'report.outcomes',
  'access.emergency-review',
  // Pseudonymised course of cases: no client data, no free text (see libs/domain/src/sharing).
  'analytics.list-timelines',
  'analytics.read-timeline',
  // A worker's appointments and open tasks due in a window (issue #14): facts, no sealed text.
  'agenda.case-manager',
] as const;

/**
 * Finding clients through the blind index: route level only, since a match names a client rather
 * than a case; the route keeps only the matches whose cases the caller may read.
 */
export const CLIENT_ACTIONS = ['client.search'] as const;

/** Operational reads with no client data. */
export const SYSTEM_ACTIONS = ['status.read'] as const;

/**
 * A partner's own service account fetching the key its feed is sealed with: route level here,
 * and the route lets a partner read only its own key (the token's subject is the partner id).
 */
export const PARTNER_ACTIONS = ['partner.read-feed-key'] as const;

/** The agency's vocabularies (issue #14): read by everyone who reads cases, published by administrators. */
export const VOCABULARY_ACTIONS = ['vocabulary.read', 'vocabulary.publish'] as const;

/**
 * A program's forms (issue #14): read by everyone who reads cases, as the vocabularies are;
 * published by administrators. A program manager's `program` reach is decided per case, and no
 * program manager holds any command: a route-level program check would be the policy's first.
 */
export const FORM_ACTIONS = ['form.read', 'form.publish'] as const;

export type CaseCommandAction = (typeof CASE_COMMAND_ACTIONS)[number];
export type CaseReadAction = (typeof CASE_READ_ACTIONS)[number];
export type CaseAction = CaseCommandAction | CaseReadAction;
export type ListAction = (typeof LIST_ACTIONS)[number];
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];
export type ClientAction = (typeof CLIENT_ACTIONS)[number];
export type PartnerAction = (typeof PARTNER_ACTIONS)[number];
export type VocabularyAction = (typeof VOCABULARY_ACTIONS)[number];
export type FormAction = (typeof FORM_ACTIONS)[number];
export type Action =
  CaseAction | ListAction | ClientAction | SystemAction | PartnerAction | VocabularyAction | FormAction;

export const ACTIONS: readonly Action[] = [
  ...CASE_COMMAND_ACTIONS,
  ...CASE_READ_ACTIONS,
  ...LIST_ACTIONS,
  ...CLIENT_ACTIONS,
  ...SYSTEM_ACTIONS,
  ...PARTNER_ACTIONS,
  ...VOCABULARY_ACTIONS,
  ...FORM_ACTIONS,
];

/**
 * Which cases a grant reaches:
 * - `own`: assigned to the caller now;
 * - `team`: in one of the caller's teams;
 * - `program`: in one of the caller's programs;
 * - `unassigned-in-program`: no case manager yet, in one of the caller's programs (the intake queue);
 * - `self-or-unassigned`: (engaging) a new case the caller will hold or that waits in the queue;
 * - `any`: every case.
 */
export type Reach = 'own' | 'team' | 'program' | 'unassigned-in-program' | 'self-or-unassigned' | 'any';

/** The casework itself: every command but opening a case and moving it between workers. */
const CASE_WORK: readonly CaseCommandAction[] = CASE_COMMAND_ACTIONS.filter(
  (action) =>
    action !== 'case.engage' &&
    action !== 'case.assign' &&
    action !== 'case.transfer' &&
    action !== 'case.void-closure' &&
    action !== 'client.erase' &&
    action !== 'client.merge' &&
    !APPROVAL_ACTIONS.includes(action) &&
    action !== 'case.remind-due-item',
);
const CASE_RECORD_READS: readonly CaseReadAction[] = ['case.read', 'case.read-history', 'case.read-timeline'];

const grant = (actions: readonly Action[], reach: Reach): Partial<Record<Action, Reach>> =>
  Object.fromEntries(actions.map((action) => [action, reach]));

/**
 * The policy table. A role absent from an action's row may never perform it (403 whatever
 * the record); a reach says which records it may perform it on.
 */
export const POLICY: Readonly<Record<Role, Readonly<Partial<Record<Action, Reach>>>>> = {
  intake_worker: {
    'case.engage': 'program',
    'case.assign': 'unassigned-in-program',
    // Consent is often taken at intake, before a case manager holds the case; changing it is theirs.
    'case.grant-consent': 'unassigned-in-program',
    // A danger or a language is often learnt at the first meeting: recorded before anyone holds the case.
    'case.set-safety-flag': 'unassigned-in-program',
    'case.record-communication-needs': 'unassigned-in-program',
    ...grant(CASE_RECORD_READS, 'unassigned-in-program'),
    'caseload.unassigned': 'program',
    'client.search': 'any',
    'vocabulary.read': 'any',
    'form.read': 'any',
  },
  case_manager: {
    'case.engage': 'self-or-unassigned',
    ...grant(CASE_WORK, 'own'),
    ...grant(CASE_RECORD_READS, 'own'),
    'caseload.case-manager': 'own',
    'client.search': 'any',
    'agenda.case-manager': 'own',
    'vocabulary.read': 'any',
    'form.read': 'any',
  },
  supervisor: {
    'case.engage': 'team',
    'case.assign': 'team',
    'case.transfer': 'team',
    ...grant(CASE_WORK, 'team'),
    // Undoing a closing or a reopening changes whether the case is open at all: a supervisor's call.
    'case.void-closure': 'team',
    ...grant(CASE_RECORD_READS, 'team'),
    'case.read-access-log': 'team',
    ...grant(['caseload.case-manager', 'caseload.team-or-program', 'caseload.unassigned'], 'team'),
    'report.outcomes': 'team',
    'access.emergency-review': 'team',
    'client.search': 'any',
    // The client's supervisor: of a team holding one of the client's cases.
    'client.read-disclosures': 'team',
    // Supervisors of the case's team approve its plans and closings (never what they asked for themselves).
    ...grant(APPROVAL_ACTIONS, 'team'),
    'agenda.case-manager': 'team',
    // Two records of one person made one: the supervisor of the duplicate's cases, who can see them.
    'client.merge': 'team',
    'vocabulary.read': 'any',
    'form.read': 'any',
  },
  program_manager: {
    // Summaries only: the caseload answer leaves out its cases for this role (see `authorizeList`).
    'caseload.team-or-program': 'program',
    'report.outcomes': 'program',
    // The course of their program's cases, pseudonymised: counts and stages, never a person.
    'analytics.list-timelines': 'program',
    'analytics.read-timeline': 'program',
    // Counts only, as on a caseload: a program manager sees how much is due, never which case.
    'agenda.case-manager': 'program',
  },
  analyst: {
    'report.outcomes': 'any',
    'analytics.list-timelines': 'any',
    'analytics.read-timeline': 'any',
  },
  auditor: {
    ...grant(CASE_RECORD_READS, 'any'),
    'case.read-access-log': 'any',
    'client.read-disclosures': 'any',
    ...grant(['caseload.case-manager', 'caseload.team-or-program', 'caseload.unassigned'], 'any'),
    'report.outcomes': 'any',
    'access.emergency-review': 'any',
    'status.read': 'any',
    'vocabulary.read': 'any',
    'form.read': 'any',
  },
  administrator: {
    'status.read': 'any',
    // Erasure destroys a key; it needs no sight of the record, and caseworkers may not order it.
    'client.erase': 'any',
    // The agency's own words are configuration: no sight of any record needed to word them.
    'vocabulary.read': 'any',
    'vocabulary.publish': 'any',
    'form.read': 'any',
    'form.publish': 'any',
  },
  service: {
    'status.read': 'any',
    'case.remind-due-item': 'any',
    'partner.read-feed-key': 'any',
  },
};

/** Roles that may break the glass: people who might have to act for a client in crisis. */
export const BREAK_THE_GLASS_ROLES: readonly Role[] = ['case_manager', 'supervisor', 'intake_worker'];
/** How long an emergency access lasts once granted. */
export const EMERGENCY_ACCESS_MINUTES = 60;

/** What the policy needs to know of a case: where it sits, not what it says. */
export interface CaseScope {
  readonly programId: string;
  readonly teamId: string | null;
  readonly caseManagerId: string | null;
}

export type Denial =
  | { readonly allowed: false; readonly status: 403; readonly code: string; readonly message: string }
  | {
      readonly allowed: false;
      readonly status: 404;
      readonly code: 'CASE_NOT_FOUND';
      readonly message: string;
    };

export type CaseDecision =
  { readonly allowed: true; readonly role: Role; readonly emergency: boolean } | Denial;

/** Which slice of a list the caller gets. */
export type ListFilter =
  | { readonly kind: 'all' }
  | { readonly kind: 'teams'; readonly teams: readonly string[] }
  | { readonly kind: 'programs'; readonly programs: readonly string[] }
  | { readonly kind: 'case-manager'; readonly caseManagerId: string };

export type ListDecision =
  | {
      readonly allowed: true;
      readonly role: Role;
      readonly filter: ListFilter;
      /** False: counts only; the answer must leave out anything about a client. */
      readonly clientData: boolean;
    }
  | Denial;

const forbidden = (code: string, message: string): Denial => ({ allowed: false, status: 403, code, message });
const notFound = (caseId: string): Denial => ({
  allowed: false,
  status: 404,
  code: 'CASE_NOT_FOUND',
  message: `Case ${caseId} does not exist`,
});

const reaches = (reach: Reach, principal: Principal, scope: CaseScope): boolean => {
  switch (reach) {
    case 'any':
      return true;
    case 'own':
      return scope.caseManagerId === principal.id;
    case 'team':
      return scope.teamId !== null && principal.teams.includes(scope.teamId);
    case 'program':
      return principal.programs.includes(scope.programId);
    case 'unassigned-in-program':
      return scope.caseManagerId === null && principal.programs.includes(scope.programId);
    case 'self-or-unassigned':
      return scope.caseManagerId === null || scope.caseManagerId === principal.id;
    default: {
      const never: never = reach;
      throw new Error(`Unknown reach ${String(never)}`);
    }
  }
};

/** The caller's roles that hold the action at all, in the order the token listed them. */
const rolesFor = (principal: Principal, action: Action): Role[] =>
  principal.roles.filter((role) => POLICY[role][action] !== undefined);

/** Function level: may any of the caller's roles ever perform the action? The role that may, or null. */
export const permits = (principal: Principal, action: Action): Role | null =>
  rolesFor(principal, action)[0] ?? null;

const firstReaching = (principal: Principal, action: Action, scope: CaseScope): Role | undefined =>
  rolesFor(principal, action).find((role) => reaches(POLICY[role][action]!, principal, scope));

/** Whether the caller may know of the case at all: a case it may not read answers 404, not 403. */
const sees = (principal: Principal, scope: CaseScope): boolean =>
  CASE_RECORD_READS.some((action) => firstReaching(principal, action, scope) !== undefined);

export interface EmergencyContext {
  /** The caller stated a reason (`X-Access-Reason`) with this request. */
  readonly reasonGiven: boolean;
  /** An earlier emergency access of this caller to this case is still running. */
  readonly activeGrant: boolean;
}

const NO_EMERGENCY: EmergencyContext = { reasonGiven: false, activeGrant: false };

/**
 * Object level, for an existing case (`scope`) or a case that does not exist (`null`).
 * Decided against the case as of the version the command decides on, so a write cannot
 * slip in after a transfer: the append is conditional on that version.
 */
export const authorizeCase = (
  principal: Principal,
  action: CaseAction,
  caseId: string,
  scope: CaseScope | null,
  emergency: EmergencyContext = NO_EMERGENCY,
): CaseDecision => {
  if (action === 'case.engage') throw new RangeError('Engaging a client is decided by authorizeEngagement');
  if (permits(principal, action) === null && !breaksTheGlass(principal, action, emergency))
    return forbidden('ACTION_NOT_PERMITTED', `Your roles do not allow ${action}`);
  if (scope === null) return notFound(caseId);
  const role = firstReaching(principal, action, scope);
  if (role !== undefined) return { allowed: true, role, emergency: false };
  if (!sees(principal, scope)) {
    const breaker = breaksTheGlass(principal, action, emergency);
    return breaker ? { allowed: true, role: breaker, emergency: true } : notFound(caseId);
  }
  return forbidden('CASE_ACTION_FORBIDDEN', `You may see case ${caseId} but not perform ${action} on it`);
};

/** Emergency access reads the record; it never writes to it. */
const breaksTheGlass = (
  principal: Principal,
  action: CaseAction,
  emergency: EmergencyContext,
): Role | null => {
  if (!(CASE_RECORD_READS as readonly string[]).includes(action)) return null;
  if (!emergency.reasonGiven && !emergency.activeGrant) return null;
  return principal.roles.find((role) => BREAK_THE_GLASS_ROLES.includes(role)) ?? null;
};

/** Whether the caller may open a case that would sit at `scope`. */
export const authorizeEngagement = (principal: Principal, scope: CaseScope): CaseDecision => {
  if (permits(principal, 'case.engage') === null)
    return forbidden('ACTION_NOT_PERMITTED', 'Your roles do not allow case.engage');
  const role = firstReaching(principal, 'case.engage', scope);
  return role !== undefined
    ? { allowed: true, role, emergency: false }
    : forbidden(
        'ENGAGEMENT_OUT_OF_SCOPE',
        'You may open cases only in your own programs or teams, for yourself or the unassigned queue',
      );
};

/** What a list request asks for; a request outside the caller's reach is refused, not silently emptied. */
export interface ListRequest {
  readonly caseManagerId?: string;
  readonly teamId?: string;
  readonly programId?: string;
}

const filterFor = (reach: Reach, principal: Principal): ListFilter => {
  switch (reach) {
    case 'any':
      return { kind: 'all' };
    case 'team':
      return { kind: 'teams', teams: principal.teams };
    case 'program':
    case 'unassigned-in-program':
      return { kind: 'programs', programs: principal.programs };
    case 'own':
    case 'self-or-unassigned':
      return { kind: 'case-manager', caseManagerId: principal.id };
    default: {
      const never: never = reach;
      throw new Error(`Unknown reach ${String(never)}`);
    }
  }
};

/** Whether a request names something outside the filter (another worker, team or program). */
const outside = (filter: ListFilter, request: ListRequest): string | null => {
  switch (filter.kind) {
    case 'all':
      return null;
    case 'case-manager':
      return request.caseManagerId !== undefined && request.caseManagerId !== filter.caseManagerId
        ? 'another case manager’s caseload'
        : null;
    case 'teams':
      return request.teamId !== undefined && !filter.teams.includes(request.teamId) ? 'another team' : null;
    case 'programs':
      return request.programId !== undefined && !filter.programs.includes(request.programId)
        ? 'another program'
        : null;
    default: {
      const never: never = filter;
      throw new Error(`Unknown filter ${String(never)}`);
    }
  }
};

/**
 * A read across cases: which slice the caller gets. The first of the caller's roles whose
 * reach covers the request wins; a request naming another worker, team or program that no
 * role reaches is 403 (teams and programs are not secrets, cases are).
 */
export const authorizeList = (
  principal: Principal,
  action: ListAction,
  request: ListRequest,
): ListDecision => {
  const roles = rolesFor(principal, action);
  if (roles.length === 0) return forbidden('ACTION_NOT_PERMITTED', `Your roles do not allow ${action}`);
  for (const role of roles) {
    const filter = filterFor(POLICY[role][action]!, principal);
    if (outside(filter, request) === null)
      return { allowed: true, role, filter, clientData: role !== 'program_manager' && role !== 'analyst' };
  }
  const first = filterFor(POLICY[roles[0]!][action]!, principal);
  return forbidden('SCOPE_FORBIDDEN', `You may not read ${outside(first, request) ?? 'that slice'}`);
};

/** Whether one list row (a caseload entry, a case's facts) falls in the caller's slice. */
export const inFilter = (filter: ListFilter, row: CaseScope): boolean => {
  switch (filter.kind) {
    case 'all':
      return true;
    case 'teams':
      return row.teamId !== null && filter.teams.includes(row.teamId);
    case 'programs':
      return filter.programs.includes(row.programId);
    case 'case-manager':
      return row.caseManagerId === filter.caseManagerId;
    default: {
      const never: never = filter;
      throw new Error(`Unknown filter ${String(never)}`);
    }
  }
};
