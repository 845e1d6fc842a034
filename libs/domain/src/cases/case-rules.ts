import { requireCode } from '../vocabularies/vocabulary-catalog';
import type { CodeCategory, VocabularyCatalog, VocabularyKind } from '../vocabularies/vocabulary-kinds';
/**
 * Business rules shared by several slices. Each `require…` returns what it proved (the
 * case, the plan, the goal), so a decision reads as a sequence of checks.
 */
import type { CommandMetadata } from '../shared/metadata';
import { entry } from '../shared/records';
import { instant, isAfter, isCalendarDate, isDateAfterAgencyDayOf, isInstant, toUtc } from '../shared/time';
import { caseError, type CaseErrorCode } from './case-errors';
import type { ActiveCase, CaseState, GoalState, HouseholdMemberState, PlanState } from './case-state';
import type { NeedDomainCode } from './vocabularies';
import { builtInNeedDomainCategory } from '../sharing/need-domain-categories';

// ---- The case ----

export const requireCase = (state: CaseState, caseId: string): ActiveCase => {
  if (state.status === 'initial') {
    throw caseError('CASE_NOT_FOUND', `Case ${caseId} does not exist`, { caseId });
  }
  return state;
};

/** A closed case is a finished record: only reopening it may add to it. */
export const requireOpenCase = (state: CaseState, caseId: string): ActiveCase => {
  const found = requireCase(state, caseId);
  if (found.status === 'closed') {
    throw caseError('CASE_CLOSED', `Case ${caseId} is closed; reopen it first`, {
      caseId,
      closedAt: found.closing?.closedAt ?? null,
    });
  }
  return found;
};

// ---- Time ----

export const requireInstant = (value: string, field: string): string => {
  if (!isInstant(value)) {
    throw caseError('INVALID_TIMESTAMP', `${field} must be an ISO-8601 instant with a zone`, {
      field,
      value,
    });
  }
  return value;
};

export const requireCalendarDate = (value: string, field: string): string => {
  if (!isCalendarDate(value)) {
    throw caseError('INVALID_DATE', `${field} must be a calendar date (YYYY-MM-DD)`, { field, value });
  }
  return value;
};

type InTheFutureCode = 'OCCURRED_IN_FUTURE' | 'CONTACT_IN_FUTURE' | 'ENGAGEMENT_IN_FUTURE';

/**
 * When something happened: what the command says, or else when it was
 * recorded. Notes are written after the fact, never before it.
 */
export const whenItHappened = (
  metadata: CommandMetadata,
  happenedAt: string | undefined,
  field = 'occurredAt',
  inTheFuture: InTheFutureCode = 'OCCURRED_IN_FUTURE',
): string => {
  const recordedAt = requireInstant(metadata.recordedAt, 'metadata.recordedAt');
  // Stored in UTC whatever offset it was typed with, so that every reader compares instants.
  const occurredAt = toUtc(requireInstant(happenedAt ?? recordedAt, field));
  if (isAfter(occurredAt, recordedAt)) {
    throw caseError(inTheFuture, `${field} cannot be after the time it is recorded`, {
      [field]: occurredAt,
      recordedAt,
    });
  }
  return occurredAt;
};

/** As `whenItHappened`, and within the case's life: the record starts at engagement. */
export const occurredAtFor = (
  active: ActiveCase,
  metadata: CommandMetadata,
  happenedAt: string | undefined,
  field = 'occurredAt',
  inTheFuture: InTheFutureCode = 'OCCURRED_IN_FUTURE',
): string => {
  const occurredAt = whenItHappened(metadata, happenedAt, field, inTheFuture);
  if (instant(occurredAt) < instant(active.engagedAt)) {
    throw caseError('OCCURRED_BEFORE_ENGAGEMENT', `${field} cannot be before the client was engaged`, {
      [field]: occurredAt,
      engagedAt: active.engagedAt,
    });
  }
  return occurredAt;
};

/** The day an entry happened, at the agency: what its due and review dates are counted from. */
export interface HappenedOn {
  readonly occurredAt: string;
  readonly timeZone: string;
}

export const isAfterDayOf = (date: string, day: HappenedOn): boolean =>
  isDateAfterAgencyDayOf(date, day.occurredAt, day.timeZone);

/**
 * Due and review dates are calendar dates after the day the entry happened (in the agency's zone),
 * not the day it is recorded: a plan agreed on 12 June keeps its 31 August due date when it is
 * entered in December.
 */
export const requireDateAfterDayOf = (
  date: string,
  day: HappenedOn,
  code: CaseErrorCode,
  field: string,
  details: Readonly<Record<string, unknown>> = {},
): string => {
  requireCalendarDate(date, field);
  if (!isAfterDayOf(date, day)) {
    throw caseError(code, `${field} must be after the day it happened (${day.occurredAt})`, {
      ...details,
      field,
      [field]: date,
      occurredAt: day.occurredAt,
    });
  }
  return date;
};

/** What an entry depends on, as a rule about dates names it. */
export interface DependencyDate {
  readonly entry: string;
  readonly id?: string;
  readonly occurredAt: string;
}

/** An entry cannot have happened before what it depends on; the error names both dates. */
export const requireNotBefore = (occurredAt: string, field: string, dependsOn: DependencyDate): void => {
  if (instant(occurredAt) < instant(dependsOn.occurredAt)) {
    const what = dependsOn.id === undefined ? dependsOn.entry : `${dependsOn.entry} ${dependsOn.id}`;
    throw caseError(
      'OCCURRED_BEFORE_DEPENDENCY',
      `${field} ${occurredAt} is before ${dependsOn.occurredAt}, when the ${what} it depends on happened`,
      { field, occurredAt, dependsOn },
    );
  }
};

// ---- Input ----

export const requireText = (value: string | null | undefined, code: CaseErrorCode, field: string): string => {
  if (typeof value !== 'string' || value.trim() === '') {
    throw caseError(code, `${field} is required`, { field });
  }
  return value;
};

export const requireOneOf = <T extends string>(allowed: readonly T[], value: string, field: string): T => {
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) {
    throw caseError('INVALID_VOCABULARY_VALUE', `${field} must be one of ${allowed.join(', ')}`, {
      field,
      value,
      allowed,
    });
  }
  return found;
};

/**
 * A code of one of the agency's vocabularies: in the version in force (the command's metadata;
 * the built-in defaults without one), not retired, and one the field's event version admits: those
 * whose schema still enumerates today's codes take no code the agency added.
 */
export const requireVocabularyCode = <T extends string>(
  catalog: VocabularyCatalog | undefined,
  kind: VocabularyKind,
  admitted: readonly T[],
  value: string,
  field: string,
): T => {
  requireCode(catalog, kind, value, field);
  return requireOneOf(admitted, value, field);
};

export const requireDistinct = (ids: readonly string[], field: string): void => {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw caseError('DUPLICATE_ID', `${field} lists ${id} twice`, { field, id });
    seen.add(id);
  }
};

/**
 * The one check of a need's, strength's or goal's domain: any code of the agency's need domains in
 * force (the built-in defaults without a catalog), with the category it carries now, which the
 * event keeps so that consent and masking decide as they did when it was written.
 */
export const requireNeedDomain = (
  catalog: VocabularyCatalog | undefined,
  value: string,
  field: string,
): { readonly domain: NeedDomainCode; readonly category: CodeCategory } => {
  const found = requireCode(catalog, 'need_domain', value, field);
  // A need domain published without a category (none should be) is kept from partners: most protected.
  return {
    domain: found.code,
    category: found.category ?? builtInNeedDomainCategory(found.code) ?? 'substance_use',
  };
};

// ---- Household ----

/**
 * A need, goal or referral names a member who was in the household at the time it happened:
 * joined at or before it and not yet gone.
 */
export const requirePresentMember = (
  active: ActiveCase,
  memberId: string,
  occurredAt: string,
  field: string,
): HouseholdMemberState => {
  const member = entry(active.household, memberId);
  if (member === undefined) {
    throw caseError(
      'UNKNOWN_HOUSEHOLD_MEMBER',
      `${field}: household member ${memberId} does not exist on this case`,
      {
        field,
        memberId,
      },
    );
  }
  const at = instant(occurredAt);
  if (instant(member.joinedAt) > at || (member.leftAt !== null && instant(member.leftAt) <= at)) {
    throw caseError(
      'HOUSEHOLD_MEMBER_NOT_PRESENT',
      `${field}: household member ${memberId} was not in the household at ${occurredAt}`,
      { field, memberId, occurredAt, joinedAt: member.joinedAt, leftAt: member.leftAt },
    );
  }
  return member;
};

// ---- Plan and goals ----

export const requirePlan = (active: ActiveCase): PlanState => {
  if (active.plan === null) {
    throw caseError('PLAN_REQUIRED', 'The case has no service plan yet', {});
  }
  return active.plan;
};

export const requireGoal = (plan: PlanState | null, goalId: string): GoalState => {
  const goal = plan === null ? undefined : entry(plan.goals, goalId);
  if (goal === undefined) {
    throw caseError('UNKNOWN_GOAL', `Goal ${goalId} is not in the plan`, { goalId });
  }
  return goal;
};

/** Achieved goals stay achieved and dropped goals stay dropped: only open goals move. */
export const requireOpenGoal = (plan: PlanState | null, goalId: string): GoalState => {
  const goal = requireGoal(plan, goalId);
  if (goal.status === 'achieved') {
    throw caseError('GOAL_ALREADY_ACHIEVED', `Goal ${goalId} is already achieved`, { goalId });
  }
  if (goal.status === 'dropped') {
    throw caseError('GOAL_DROPPED', `Goal ${goalId} was dropped from the plan`, { goalId });
  }
  return goal;
};

export const openGoalIds = (plan: PlanState | null): readonly string[] =>
  plan === null
    ? []
    : Object.entries(plan.goals)
        .filter(([, goal]) => goal.status === 'open')
        .map(([goalId]) => goalId);

export const requireMeasuredValue = (value: number | null | undefined): number | null => {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value)) {
    throw caseError('INVALID_MEASURED_VALUE', 'measuredValue must be a finite number', {
      measuredValue: value,
    });
  }
  return value;
};
