import {
  CLOSING_REASONS,
  instant,
  startOfDay,
  type ClosingReasonCode,
  type FormAnswerValue,
} from '@casetrail/domain';
import { stringify, type Options } from 'csv-stringify/sync';
import type {
  AppointmentOutcomeFacts,
  CaseEpisode,
  CaseFacts,
  ContactFacts,
  GoalFacts,
} from './case-facts.projection';

/**
 * The outcome measures agencies report to funders and boards, computed from case facts.
 *
 * Definitions (all times are when things happened, `occurredAt`, compared as instants):
 * - The period is half-open, [from, to): consecutive periods never count an event twice.
 * - Counts (opened, reopened, closed, closing reasons, goals set / achieved / dropped, referral
 *   status changes) are events that happened in the period, whenever the case started.
 *   A case closed twice in the period counts two closings, each with its reason.
 * - Cohort measures follow what started in the period up to `now`, so that an event late in the
 *   period is not cut off before it had a chance to progress:
 *   - attainmentRate: of the goals set in the period and not dropped by `now`, the share
 *     achieved by `now`. Dropped goals are left out: the plan changed, the goal was not failed;
 *     `goalsDropped` shows how many. null when no goal qualifies.
 *   - completionRate: of the referrals made in the period that reached a final status by `now`
 *     (completed, declined, no-show, withdrawn), the share completed. Referrals still waiting or
 *     in service are left out: their outcome is not known yet. null when none is final.
 *   - medianDaysToAssessment / ToPlan / ToFirstReferral: over the cases engaged in the period that
 *     reached that step by `now`, days from engagement to the first time it happened.
 * - medianCaseDurationDays: over the closings in the period, days from the start of that open
 *   episode (engagement, or the reopening it follows) to the closing: a reopened case is not
 *   credited with the time it spent closed.
 * - openCases: cases open at the end of the period (everything before `to` applied).
 * - overdueReviews: cases open at `now` whose next review date is a day before the UTC day of
 *   `now` (the day itself is still on time, as on the caseload; a reopened case has its plan's
 *   review date in force again). The facts keep only the review date in force when they were
 *   folded: a report as of a past date (`asOf`) folds them as of then, and so sees the dates then.
 * - Days are fractional, rounded to one decimal; a median of an even count is the mean of the
 *   two middle values. Rates are in [0, 1], rounded to four decimals.
 * - contactsRecorded: contacts that happened in the period.
 * - Grouping is by the case's program, team, or current case manager: a transferred case's whole
 *   history moves to its new worker. A group is null for an unassigned case or a case with no team.
 *   Except that, by case manager, the work itself is credited to the worker who held the case when
 *   it was recorded, whoever holds it now: closings (casesClosed, closingReasons,
 *   medianCaseDurationDays), goals achieved, contacts and appointment outcomes.
 * - Or by a field of a program's form (`form:<formId>.<fieldId>`): the case's latest answer to it,
 *   whichever version it was given in; null for a case with no answer.
 */
export const OUTCOME_GROUPINGS = ['program', 'team', 'caseManager', 'none'] as const;
/** By the latest answer to a field of a program's form (non-personal fields only: personal answers are never in the facts). */
export type FormFieldGrouping = `form:${string}.${string}`;
export type OutcomeGrouping = (typeof OUTCOME_GROUPINGS)[number] | FormFieldGrouping;

/** `form:<formId>.<fieldId>`, both as the form definitions allow them. */
export const FORM_FIELD_GROUPING = /^form:([a-z][a-z0-9_]{0,39})\.([a-z][a-z0-9_]{0,39})$/;

export const isOutcomeGrouping = (value: unknown): value is OutcomeGrouping =>
  typeof value === 'string' &&
  ((OUTCOME_GROUPINGS as readonly string[]).includes(value) || FORM_FIELD_GROUPING.test(value));

/**
 * A case's group by a form field: its latest answer, a multiple choice's values sorted and joined
 * by `,` (one group per combination, so a case counts once); null when the case has no answer.
 */
const formGroupOf = (facts: CaseFacts, grouping: FormFieldGrouping): string | null => {
  const [, formId = '', fieldId = ''] = FORM_FIELD_GROUPING.exec(grouping) ?? [];
  const answer = facts.formAnswers?.[formId]?.[fieldId];
  if (answer === undefined) return null;
  const value: FormAnswerValue = answer.value;
  return typeof value === 'object' ? [...value].sort().join(',') : String(value);
};

export interface OutcomeReportOptions {
  /** Start of the period, inclusive (ISO-8601 instant). */
  readonly from: string;
  /** End of the period, exclusive. */
  readonly to: string;
  readonly groupBy: OutcomeGrouping;
  /** The clock: cohort follow-up and overdue reviews are as of this instant. */
  readonly now: string;
}

export interface OutcomeRow {
  readonly from: string;
  readonly to: string;
  readonly groupBy: OutcomeGrouping;
  /** 'all' when not grouped; null for the unassigned or the teamless. */
  readonly group: string | null;
  readonly casesOpened: number;
  readonly casesReopened: number;
  readonly casesClosed: number;
  /**
   * Closings by reason: every built-in reason (0 when none), and an agency's own reason under its
   * own code when a closing in the period gave it.
   */
  readonly closingReasons: Readonly<Record<ClosingReasonCode, number>>;
  readonly openCases: number;
  readonly overdueReviews: number;
  readonly goalsSet: number;
  readonly goalsAchieved: number;
  readonly goalsDropped: number;
  readonly attainmentRate: number | null;
  readonly referralsMade: number;
  readonly referralsAccepted: number;
  readonly referralsDeclined: number;
  readonly referralsCompleted: number;
  readonly referralsNoShow: number;
  readonly referralsWithdrawn: number;
  readonly completionRate: number | null;
  readonly medianDaysToAssessment: number | null;
  readonly medianDaysToPlan: number | null;
  readonly medianDaysToFirstReferral: number | null;
  readonly medianCaseDurationDays: number | null;
  /** Contacts with the client or about them that happened in the period. */
  readonly contactsRecorded: number;
  /** Appointments whose outcome in the period was kept / missed by the client (issue #14). */
  readonly appointmentsKept: number;
  readonly appointmentsMissedByClient: number;
  /** missedByClient / (kept + missedByClient); null when neither. */
  readonly noShowRate: number | null;
}

const DAY_MS = 86_400_000;
const ALL = 'all';

const parse = (value: string, field: string): number => {
  const time = instant(value);
  if (Number.isNaN(time)) throw new RangeError(`${field} is not an instant: ${value}`);
  return time;
};

const round = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

const median = (values: readonly number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  // An even count averages the two middle values; an odd count takes the middle one twice.
  const [low, high] = [sorted[Math.ceil(middle) - 1] ?? 0, sorted[Math.floor(middle)] ?? 0];
  return round((low + high) / 2, 1);
};

const rate = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : round(numerator / denominator, 4);

const days = (from: string, to: string): number => (instant(to) - instant(from)) / DAY_MS;

const groupOf = (facts: CaseFacts, groupBy: OutcomeGrouping): string | null => {
  switch (groupBy) {
    case 'program':
      return facts.programId;
    case 'team':
      return facts.teamId;
    case 'caseManager':
      return facts.caseManagerId;
    case 'none':
      return ALL;
    default:
      return formGroupOf(facts, groupBy);
  }
};

const FINAL_REFERRAL_FIELDS = ['completedAt', 'declinedAt', 'noShowAt', 'withdrawnAt'] as const;

interface Bounds {
  readonly from: number;
  readonly to: number;
  readonly now: number;
}

/** The work a group is credited with: by case manager, what its worker did, on whichever case. */
interface Credited {
  readonly appointments: AppointmentOutcomeFacts[];
  readonly contacts: ContactFacts[];
  readonly goals: GoalFacts[];
  readonly episodes: CaseEpisode[];
}

const noCredit = (): Credited => ({ appointments: [], contacts: [], goals: [], episodes: [] });

const rowFor = (
  group: string | null,
  cases: readonly CaseFacts[],
  bounds: Bounds,
  options: OutcomeReportOptions,
  credited: Credited,
): OutcomeRow => {
  const inPeriod = (iso: string | null): iso is string => {
    if (iso === null) return false;
    const time = instant(iso);
    return time >= bounds.from && time < bounds.to;
  };
  const byNow = (iso: string | null): iso is string => iso !== null && instant(iso) <= bounds.now;
  const count = <T>(items: readonly T[], test: (item: T) => boolean): number => items.filter(test).length;

  const closings = credited.episodes.flatMap((e) =>
    inPeriod(e.closedAt) ? [{ ...e, closedAt: e.closedAt }] : [],
  );
  const goals = cases.flatMap((c) => Object.values(c.goals));
  const referrals = cases.flatMap((c) => Object.values(c.referrals));
  const engaged = cases.filter((c) => inPeriod(c.engagedAt));

  // The engagement episode is the first; every later one began with a reopening.
  const reopenings = cases.flatMap((c) => c.episodes.slice(1));
  const openAt = (c: CaseFacts, at: number) =>
    c.episodes.some((e) => instant(e.openedAt) < at && (e.closedAt === null || instant(e.closedAt) >= at));

  const goalsSetInPeriod = goals.filter((g) => inPeriod(g.setAt));
  const attainable = goalsSetInPeriod.filter((g) => !(g.dropped && byNow(g.droppedAt)));
  const referralsMadeInPeriod = referrals.filter((r) => inPeriod(r.madeAt));
  const finalised = referralsMadeInPeriod.filter((r) => FINAL_REFERRAL_FIELDS.some((f) => byNow(r[f])));
  const stepDays = (step: (c: CaseFacts) => string | null): number | null =>
    median(
      engaged.flatMap((c) => {
        const at = step(c);
        return byNow(at) ? [days(c.engagedAt, at)] : [];
      }),
    );
  const today = startOfDay(new Date(bounds.now).toISOString().slice(0, 10));

  return {
    from: options.from,
    to: options.to,
    groupBy: options.groupBy,
    group,
    casesOpened: engaged.length,
    casesReopened: count(reopenings, (e) => inPeriod(e.openedAt)),
    casesClosed: closings.length,
    closingReasons: Object.fromEntries(
      reasonsOf(closings).map((reason) => [reason, count(closings, (e) => e.closingReason === reason)]),
    ),
    openCases: count(cases, (c) => openAt(c, bounds.to)),
    overdueReviews: count(
      cases,
      (c) => openAt(c, bounds.now) && c.nextReviewDate !== null && startOfDay(c.nextReviewDate) < today,
    ),
    goalsSet: goalsSetInPeriod.length,
    goalsAchieved: count(credited.goals, (g) => inPeriod(g.achievedAt)),
    goalsDropped: count(goals, (g) => g.dropped && inPeriod(g.droppedAt)),
    attainmentRate: rate(
      count(attainable, (g) => byNow(g.achievedAt)),
      attainable.length,
    ),
    referralsMade: referralsMadeInPeriod.length,
    referralsAccepted: count(referrals, (r) => inPeriod(r.acceptedAt)),
    referralsDeclined: count(referrals, (r) => inPeriod(r.declinedAt)),
    referralsCompleted: count(referrals, (r) => inPeriod(r.completedAt)),
    referralsNoShow: count(referrals, (r) => inPeriod(r.noShowAt)),
    referralsWithdrawn: count(referrals, (r) => inPeriod(r.withdrawnAt)),
    completionRate: rate(
      count(finalised, (r) => byNow(r.completedAt)),
      finalised.length,
    ),
    medianDaysToAssessment: stepDays((c) => c.firstAssessedAt),
    medianDaysToPlan: stepDays((c) => c.firstPlannedAt),
    medianDaysToFirstReferral: stepDays((c) => c.firstReferralAt),
    medianCaseDurationDays: median(closings.map((e) => days(e.openedAt, e.closedAt))),
    contactsRecorded: count(credited.contacts, (c) => inPeriod(c.at)),
    ...noShows(credited.appointments.filter((a) => inPeriod(a.at))),
  };
};

const noShows = (appointments: readonly AppointmentOutcomeFacts[]) => {
  const kept = appointments.filter((a) => a.outcome === 'kept').length;
  const missed = appointments.filter((a) => a.outcome === 'missed_by_client').length;
  return {
    appointmentsKept: kept,
    appointmentsMissedByClient: missed,
    noShowRate: rate(missed, kept + missed),
  };
};

/**
 * By case manager, a piece of work counts for the worker who held the case when it was recorded
 * (`by`); a document written before that was kept (undefined) credits the current one.
 */
const creditGroupOf = (facts: CaseFacts, by: string | null | undefined, groupBy: OutcomeGrouping) =>
  groupBy === 'caseManager' && by !== undefined ? by : groupOf(facts, groupBy);

/** One row per group found among the facts (a group with nothing in the period reports zeros). */
export const outcomeReport = (facts: readonly CaseFacts[], options: OutcomeReportOptions): OutcomeRow[] => {
  const bounds: Bounds = {
    from: parse(options.from, 'from'),
    to: parse(options.to, 'to'),
    now: parse(options.now, 'now'),
  };
  if (bounds.from > bounds.to)
    throw new RangeError(`The period starts (${options.from}) after it ends (${options.to})`);
  const groups = new Map<string | null, CaseFacts[]>();
  if (options.groupBy === 'none') groups.set(ALL, []);
  const credits = new Map<string | null, Credited>();
  const credit = (f: CaseFacts, by: string | null | undefined): Credited => {
    const key = creditGroupOf(f, by, options.groupBy);
    // A worker who has since handed every case on still gets a row for the work they did.
    if (!groups.has(key)) groups.set(key, []);
    const found = credits.get(key) ?? noCredit();
    credits.set(key, found);
    return found;
  };
  for (const f of facts) {
    const key = groupOf(f, options.groupBy);
    groups.set(key, [...(groups.get(key) ?? []), f]);
    for (const a of f.appointmentOutcomes ?? []) credit(f, a.caseManagerId).appointments.push(a);
    for (const c of f.contacts ?? []) credit(f, c.caseManagerId).contacts.push(c);
    for (const g of Object.values(f.goals)) if (g.achievedAt !== null) credit(f, g.achievedBy).goals.push(g);
    for (const e of f.episodes) if (e.closedAt !== null) credit(f, e.closedBy).episodes.push(e);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
    .map(([group, cases]) => rowFor(group, cases, bounds, options, credits.get(group) ?? noCredit()));
};

/** The built-in reasons, then the agency's own ones given (sorted), each once. */
const reasonsOf = (closings: readonly { readonly closingReason: ClosingReasonCode | null }[]) => [
  ...CLOSING_REASONS,
  ...[
    ...new Set(
      closings.flatMap((e) =>
        e.closingReason === null || (CLOSING_REASONS as readonly string[]).includes(e.closingReason)
          ? []
          : [e.closingReason],
      ),
    ),
  ].sort(),
];

// ---- CSV ----

interface CsvColumn {
  readonly header: string;
  readonly value: (row: OutcomeRow) => string | number | null;
}

/** A column per reason any row counts: the built-in ones always, an agency's own where given. */
const csvColumns = (rows: readonly OutcomeRow[]): readonly CsvColumn[] => [
  { header: 'from', value: (r) => r.from },
  { header: 'to', value: (r) => r.to },
  { header: 'groupBy', value: (r) => r.groupBy },
  { header: 'group', value: (r) => r.group },
  { header: 'casesOpened', value: (r) => r.casesOpened },
  { header: 'casesReopened', value: (r) => r.casesReopened },
  { header: 'casesClosed', value: (r) => r.casesClosed },
  ...[
    ...CLOSING_REASONS,
    ...[
      ...new Set(
        rows.flatMap((row) =>
          Object.keys(row.closingReasons).filter(
            (reason) => !(CLOSING_REASONS as readonly string[]).includes(reason),
          ),
        ),
      ),
    ].sort(),
  ].map((reason) => ({
    header: `closingReasons.${reason}`,
    value: (r: OutcomeRow) => r.closingReasons[reason] ?? 0,
  })),
  { header: 'openCases', value: (r) => r.openCases },
  { header: 'overdueReviews', value: (r) => r.overdueReviews },
  { header: 'goalsSet', value: (r) => r.goalsSet },
  { header: 'goalsAchieved', value: (r) => r.goalsAchieved },
  { header: 'goalsDropped', value: (r) => r.goalsDropped },
  { header: 'attainmentRate', value: (r) => r.attainmentRate },
  { header: 'referralsMade', value: (r) => r.referralsMade },
  { header: 'referralsAccepted', value: (r) => r.referralsAccepted },
  { header: 'referralsDeclined', value: (r) => r.referralsDeclined },
  { header: 'referralsCompleted', value: (r) => r.referralsCompleted },
  { header: 'referralsNoShow', value: (r) => r.referralsNoShow },
  { header: 'referralsWithdrawn', value: (r) => r.referralsWithdrawn },
  { header: 'completionRate', value: (r) => r.completionRate },
  { header: 'medianDaysToAssessment', value: (r) => r.medianDaysToAssessment },
  { header: 'medianDaysToPlan', value: (r) => r.medianDaysToPlan },
  { header: 'medianDaysToFirstReferral', value: (r) => r.medianDaysToFirstReferral },
  { header: 'medianCaseDurationDays', value: (r) => r.medianCaseDurationDays },
  { header: 'contactsRecorded', value: (r) => r.contactsRecorded },
  { header: 'appointmentsKept', value: (r) => r.appointmentsKept },
  { header: 'appointmentsMissedByClient', value: (r) => r.appointmentsMissedByClient },
  { header: 'noShowRate', value: (r) => r.noShowRate },
];

/**
 * Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe:
 * ids and group names come from users, and the file is opened in spreadsheets. Numbers are left as
 * they are, a negative one too: they are the report's own counts and rates, never user text, and a
 * spreadsheet reads `-3` as the number it is (escaping it would turn every negative figure into text).
 */
const defuse = (value: string): string => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);

const CSV_OPTIONS: Options = {
  // RFC 4180's CRLF after every record, the last one too.
  record_delimiter: 'windows',
  // csv-stringify quotes a lone CR or LF only when it is the record delimiter; RFC 4180 wants both quoted.
  quoted_match: /[\r\n]/,
  cast: { string: defuse },
};

/** One RFC 4180 field, formula-defused, as it appears in toCsv's output. */
export const csvField = (value: string | number | null): string =>
  // A record of one field, without its CRLF.
  stringify([[value]], CSV_OPTIONS).slice(0, -2);

/** RFC 4180: a header row, CRLF line ends (the last line too), fields quoted only when needed. */
export const toCsv = (rows: readonly OutcomeRow[]): string => {
  const columns = csvColumns(rows);
  return stringify(
    [columns.map((c) => c.header), ...rows.map((row) => columns.map((c) => c.value(row)))],
    CSV_OPTIONS,
  );
};
