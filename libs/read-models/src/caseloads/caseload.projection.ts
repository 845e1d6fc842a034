import {
  caseStageOf,
  evolveView,
  initialCaseState,
  toUtc,
  type CaseEvent,
  type CaseView,
  type CaseStage,
  type Recorded,
  type ReferralLifecycleStatus,
  type SafetyFlagKind,
  type Severity,
} from '@casetrail/domain';
import { caseHeaderOf, evolveCaseHeader, type CaseHeader } from '../case-header';
import { perCaseProjection } from '../projection';

export { CASE_STAGES, type CaseStage } from '@casetrail/domain';

/** The case as the decider's evolve leaves it, ledger aside (an active one: the entry starts at engagement). */
type CaseRecord = Exclude<CaseView, { readonly status: 'initial' }>;

/** One case as it appears on a caseload: the case id is the document id. */
export interface CaseloadEntry extends CaseHeader {
  readonly version: number;
  readonly clientId: string;
  /**
   * The engagement's `pii` as the event carried it (sealed under the client's key) and that event's
   * id, which opening it needs: the client's name is opened from it when a caseload is read, and
   * reads as erased once the key is destroyed.
   */
  readonly clientPii: ClientPii;
  readonly stage: CaseStage;
  readonly highestSeverity: Severity | null;
  /** YYYY-MM-DD: the plan's review date while the case is open; null before a plan and while closed. */
  readonly nextReviewDate: string | null;
  /** A UTC instant, whatever offset the contact was written with. */
  readonly lastContactAt: string | null;
  readonly referrals: Readonly<Record<string, 'open' | 'closed'>>;
  readonly openReferrals: number;
  /**
   * Everyone who has held the case, in order, null first when it was engaged unassigned, so that a
   * caseload as of a past date finds the cases transferred or assigned since. (Program and team are
   * set at engagement and never change.)
   */
  readonly caseManagerIds: readonly (string | null)[];
  /**
   * The decider's own state (`evolveView`, the decider's evolve without its ledger), folded beside
   * this entry: stage, review date, referrals and last contact are read off it, so the caseload
   * cannot disagree with the decider. Never queried nor answered, so kept as one JSON string: FerretDB
   * converts every nested field of every document it returns, and a caseload read returns dozens
   * (ARCHITECTURE.md, "The read side", gives the figures).
   */
  readonly caseState: string;
  /** What waits for a supervisor's approval (issue #14); absent when nothing does. */
  readonly pendingApprovals?: readonly ('plan' | 'closing' | 'transfer')[];
  /**
   * The due times (UTC, earliest first) of the case's open tasks (issue #14). Whether one is overdue
   * depends on the read's instant, so that is worked out when the caseload is read, never stored.
   * Absent when no task is open (and on entries an older release wrote, until their case's next event).
   */
  readonly openTaskDueAts?: readonly string[];
  /** The kinds of the safety flags in force, sorted, never their reasons; absent when none is. */
  readonly safetyFlags?: readonly SafetyFlagKind[];
  /** The preferred language and whether an interpreter is needed; absent before any recording. */
  readonly communication?: {
    readonly preferredLanguage: string;
    readonly interpreterNeeded: boolean;
    readonly interpreterLanguage: string | null;
  };
  /** How many household members are present (joined, not left), the client aside; absent before any joined. */
  readonly householdSize?: number;
}

export interface ClientPii {
  readonly eventId: string;
  readonly pii: unknown;
}

/** The state kept in an entry, as evolve needs it. */
export const caseStateOf = (entry: Pick<CaseloadEntry, 'caseState'>): CaseRecord =>
  JSON.parse(entry.caseState) as CaseRecord;

export const CASELOADS = 'caseloads';

/** Waiting for the provider, accepted or in service: the referral still needs following up. */
const OPEN_REFERRAL: ReadonlySet<ReferralLifecycleStatus> = new Set(['made', 'accepted', 'service_started']);

/**
 * A closed case has no open referrals on a caseload: the closing ends the worker's follow-up.
 * A reopening counts again those whose status the decider still holds open (nothing ended them,
 * and the decider lets the worker move them on), so the caseload agrees with what can be done.
 */
const referralsOf = (state: CaseRecord): Record<string, 'open' | 'closed'> =>
  Object.fromEntries(
    Object.entries(state.referrals).map(([id, referral]) => [
      id,
      state.status === 'open' && OPEN_REFERRAL.has(referral.status) ? 'open' : 'closed',
    ]),
  );

const withHolder = (ids: readonly (string | null)[], caseManagerId: string | null) =>
  ids.includes(caseManagerId) ? ids : [...ids, caseManagerId];

/** Present only while something waits, so entries of programs without approvals stay as they were. */
const pendingApprovalsOf = (
  state: CaseRecord,
): { pendingApprovals?: readonly ('plan' | 'closing' | 'transfer')[] } => {
  const pending = [
    ...(state.plan?.approval?.status === 'pending' ? (['plan'] as const) : []),
    ...(state.closingRequest?.status === 'pending' ? (['closing'] as const) : []),
    ...(state.transferRequest?.status === 'pending' ? (['transfer'] as const) : []),
  ];
  return pending.length === 0 ? {} : { pendingApprovals: pending };
};

/** Present only while a task is open, so entries of cases without tasks stay as they were. */
const openTasksOf = (state: CaseRecord): { openTaskDueAts?: readonly string[] } => {
  const due = Object.values(state.tasks)
    .filter((task) => task.status === 'open')
    .map((task) => toUtc(task.dueAt))
    .sort();
  return due.length === 0 ? {} : { openTaskDueAts: due };
};

/**
 * Safety flags, language and household, each present only once there is something to show, so
 * entries of cases without them stay as they were. Read defensively: a state folded into an entry
 * before these existed has none of their fields.
 */
const clientNeedsOf = (state: CaseRecord) => {
  const older = state as Partial<Pick<CaseRecord, 'safetyFlags' | 'communication' | 'household'>>;
  const kinds = [
    ...new Set(
      Object.values(older.safetyFlags ?? {})
        .filter((flag) => flag.clearedAt === null)
        .map((flag) => flag.kind),
    ),
  ].sort();
  const communication = older.communication ?? null;
  const members = Object.values(older.household ?? {});
  return {
    ...(kinds.length === 0 ? {} : { safetyFlags: kinds }),
    ...(communication === null
      ? {}
      : {
          communication: {
            preferredLanguage: communication.preferredLanguage,
            interpreterNeeded: communication.interpreterNeeded,
            interpreterLanguage: communication.interpreterLanguage,
          },
        }),
    ...(members.length === 0 ? {} : { householdSize: members.filter((m) => m.leftAt === null).length }),
  };
};

/** Everything but the header is read off the decider's state. */
const entryOf = (
  header: CaseHeader,
  state: CaseRecord,
  caseManagerIds: readonly (string | null)[],
  clientPii: ClientPii,
) => {
  const referrals = referralsOf(state);
  return {
    ...header,
    clientId: state.clientId,
    clientPii,
    // An active state always has a stage; 'engagement' only satisfies the compiler.
    stage: caseStageOf(state) ?? 'engagement',
    highestSeverity: state.assessments.highestSeverity,
    // Reopened: the plan's review date is in force again (the last one the plan or a review set).
    nextReviewDate: state.status === 'open' ? (state.plan?.nextReviewDate ?? null) : null,
    // Older events carry the offset they were written with; the read model keeps instants in UTC.
    lastContactAt: state.lastContactAt === null ? null : toUtc(state.lastContactAt),
    referrals,
    openReferrals: Object.values(referrals).filter((s) => s === 'open').length,
    caseManagerIds: withHolder(caseManagerIds, header.caseManagerId),
    caseState: JSON.stringify(state),
    ...pendingApprovalsOf(state),
    ...openTasksOf(state),
    ...clientNeedsOf(state),
  };
};

export const evolveCaseload = (
  doc: Omit<CaseloadEntry, 'version'> | null,
  event: Recorded<CaseEvent>,
): Omit<CaseloadEntry, 'version'> | null => {
  if (event.type === 'ClientEngaged') {
    const state = evolveView(initialCaseState, event);
    if (state.status === 'initial') return null;
    // Copied, never opened: the projector holds no keys.
    return entryOf(caseHeaderOf(event), state, [], { eventId: event.eventId, pii: event.pii });
  }
  if (doc === null) return null;
  const state = evolveView(caseStateOf(doc), event);
  // The domain's evolve never goes back to 'initial' from an active case; this only narrows.
  if (state.status === 'initial') return doc;
  // What waited is read off the state afresh: the header copied from the entry must not keep it.
  const {
    pendingApprovals: _pending,
    openTaskDueAts: _due,
    safetyFlags: _flags,
    communication: _communication,
    householdSize: _household,
    ...header
  } = evolveCaseHeader(doc, event);
  return entryOf(header, state, doc.caseManagerIds, doc.clientPii);
};

export const caseloadProjection = perCaseProjection<CaseloadEntry>(CASELOADS, evolveCaseload, {
  refold: true,
  // Written before the entry kept the decider's state as a string, or kept the client's name in the
  // clear (in the entry and in that state): made again from the stream at its next event.
  outdated: (doc) => {
    const entry = doc as Partial<CaseloadEntry> & { readonly clientName?: unknown };
    return typeof entry.caseState !== 'string' || entry.clientPii === undefined || 'clientName' in entry;
  },
});
