import {
  achieve,
  type AppointmentOutcome,
  earliest,
  hasEntry,
  updateEntry,
  type CaseEvent,
  type ClosingReasonCode,
  type IdRecord,
  type Recorded,
  type ReferralStatus,
  type ServiceTypeCode,
  type ReferralDispositionValue,
  type NeedDomainCode,
  type Severity,
  type FormAnswerValue,
  instant,
} from '@casetrail/domain';
import { caseHeaderOf, evolveCaseHeader, type CaseHeader } from '../case-header';
import { perCaseProjection } from '../projection';
import type { ReadModelDocument } from '../store/read-model-store.port';

export const CASE_FACTS = 'case_facts';

/**
 * All times below are the events' `occurredAt` (when it happened in the world): outcome
 * reports describe the work, and a contact written up a week late still belongs to its week.
 */
export interface GoalFacts {
  readonly setAt: string;
  /** The first time it was achieved, by a GoalAchieved or by a closing that records it as achieved. */
  readonly achievedAt: string | null;
  readonly dropped: boolean;
  readonly droppedAt: string | null;
  /**
   * Who held the case when it was first achieved (null: unassigned then), so a report by case
   * manager credits the achievement to them. Absent on documents written before it was kept.
   */
  readonly achievedBy?: string | null;
  /**
   * The latest value measured for it in a review (by when it was measured), with its unit (null:
   * the target's) and the review; absent before the first.
   */
  readonly latestMeasure?: GoalMeasureFacts;
  /** When each of its milestones was met, by milestone id; absent before the first. */
  readonly milestonesMet?: IdRecord<string>;
}

export interface GoalMeasureFacts {
  readonly value: number;
  readonly unit: string | null;
  readonly measuredAt: string;
  readonly reviewId: string;
}

/**
 * A need of the case, whether an assessment rated it or it was identified between assessments
 * (issue #14): both count alike.
 */
export interface NeedFacts {
  readonly domain: NeedDomainCode;
  /** Its latest rating. */
  readonly severity: Severity;
  /** When it was first found (rated or identified). */
  readonly foundAt: string;
  /** The household member it concerns; null for the client's own. */
  readonly memberId: string | null;
}

export interface ReferralFacts {
  readonly madeAt: string;
  readonly serviceType: ServiceTypeCode;
  readonly providerId: string;
  readonly status: ReferralStatus | 'made';
  readonly acceptedAt: string | null;
  readonly declinedAt: string | null;
  readonly serviceStartedAt: string | null;
  readonly completedAt: string | null;
  readonly noShowAt: string | null;
  readonly withdrawnAt: string | null;
  /**
   * What the latest closing that found it open decided: `continued` (still open after the case
   * closed) or `closed_at_termination`. Absent when no closing found it open.
   */
  readonly disposition?: ReferralDispositionValue;
}

/** One open period of the case, from engagement or a reopening to a closing (null: still open). */
export interface CaseEpisode {
  readonly openedAt: string;
  readonly closedAt: string | null;
  readonly closingReason: ClosingReasonCode | null;
  /**
   * Who held the case when this episode closed (null: unassigned then). Absent while open, and on
   * documents written before it was kept.
   */
  readonly closedBy?: string | null;
}

/** What outcome reports need to know about one case; one case's events drive it, so it is exactly-once. */
export interface CaseFacts extends ReadModelDocument, CaseHeader {
  /** The current one: reports group a transferred case's whole history under its current worker. */
  readonly caseManagerId: string | null;
  readonly firstAssessedAt: string | null;
  readonly firstPlannedAt: string | null;
  readonly firstReferralAt: string | null;
  /** The latest closing; null while the case is open. */
  readonly closedAt: string | null;
  readonly closingReason: ClosingReasonCode | null;
  readonly reopenedCount: number;
  /**
   * Every open period in order, so that a report for a past period still sees a closing that a
   * later reopening undid, and can tell whether the case was open at any instant.
   */
  readonly episodes: readonly CaseEpisode[];
  readonly goals: IdRecord<GoalFacts>;
  /** Every need found, by need id; absent on documents written before needs were kept. */
  readonly needs?: IdRecord<NeedFacts>;
  readonly referrals: IdRecord<ReferralFacts>;
  /** YYYY-MM-DD; null before the first plan and while closed, as on the caseload. */
  readonly nextReviewDate: string | null;
  /**
   * The review date the plan carries (the last one a plan amendment or a review set), kept through
   * a closing so that a reopened case has it in force again, as on the caseload. Absent on
   * documents written before it was kept.
   */
  readonly planReviewDate?: string | null;
  /**
   * Where the approval of the current plan version stands, when the program required one; absent
   * when it did not (or on documents written before approvals).
   */
  readonly planApproval?: 'pending' | 'approved' | 'returned';
  /** When a plan version of the case was first approved; absent when none was. */
  readonly firstPlanApprovedAt?: string;
  /**
   * Every appointment outcome recorded (issue #14), with the worker who held the case at that
   * moment, so a report by case manager credits the work to them, not to whoever holds it now.
   * Absent before the first one.
   */
  readonly appointmentOutcomes?: readonly AppointmentOutcomeFacts[];
  /**
   * Every contact recorded, when it happened, with the worker who held the case when it was
   * recorded (as for appointments). Absent before the first one.
   */
  readonly contacts?: readonly ContactFacts[];
  /**
   * The latest non-personal answer to each field of the program's forms, by form id then field id
   * (both plain lower-case words: safe as document keys), whatever version it was given in:
   * reports group by one (`groupBy=form:<formId>.<fieldId>`). Absent before the first answer.
   */
  readonly formAnswers?: Readonly<Record<string, Readonly<Record<string, FormAnswerFact>>>>;
}

export interface ContactFacts {
  readonly at: string;
  readonly caseManagerId: string | null;
}

export interface FormAnswerFact {
  readonly value: FormAnswerValue;
  /** When the answer was given (its event's `occurredAt`): a late-recorded earlier one never replaces it. */
  readonly at: string;
}

export interface AppointmentOutcomeFacts {
  readonly at: string;
  readonly outcome: AppointmentOutcome;
  readonly caseManagerId: string | null;
}

const STATUS_FIELD = {
  accepted: 'acceptedAt',
  declined: 'declinedAt',
  service_started: 'serviceStartedAt',
  completed: 'completedAt',
  no_show: 'noShowAt',
  withdrawn: 'withdrawnAt',
} as const satisfies Record<ReferralStatus, keyof ReferralFacts>;

/** A need rated again keeps when it was first found (and whom it concerns); its severity is the latest. */
const withNeed = (
  needs: IdRecord<NeedFacts>,
  needId: string,
  found: {
    readonly domain: NeedDomainCode;
    readonly severity: Severity;
    readonly at: string;
    readonly memberId: string | null;
  },
): IdRecord<NeedFacts> => {
  const known = needs[needId];
  return {
    ...needs,
    [needId]: {
      domain: found.domain,
      severity: found.severity,
      foundAt: known === undefined ? found.at : earliest(known.foundAt, found.at),
      memberId: known?.memberId ?? found.memberId,
    },
  };
};

const closeEpisode = (
  episodes: readonly CaseEpisode[],
  closedAt: string,
  closingReason: ClosingReasonCode,
  closedBy: string | null,
): readonly CaseEpisode[] => {
  const current = episodes.at(-1);
  if (current === undefined || current.closedAt !== null) return episodes;
  return [...episodes.slice(0, -1), { ...current, closedAt, closingReason, closedBy }];
};

export const evolveCaseFacts = (
  doc: Omit<CaseFacts, 'version'> | null,
  event: Recorded<CaseEvent>,
): Omit<CaseFacts, 'version'> | null => {
  if (event.type === 'ClientEngaged') {
    return {
      ...caseHeaderOf(event),
      firstAssessedAt: null,
      firstPlannedAt: null,
      firstReferralAt: null,
      closedAt: null,
      closingReason: null,
      reopenedCount: 0,
      episodes: [{ openedAt: event.occurredAt, closedAt: null, closingReason: null }],
      goals: {},
      referrals: {},
      nextReviewDate: null,
      planReviewDate: null,
    };
  }
  if (doc === null) return null;
  const base = evolveCaseHeader(doc, event);
  const at = event.occurredAt;
  // The worker holding the case before this event: the one credited with the work it records.
  const holder = doc.caseManagerId;
  switch (event.type) {
    // Late-recorded history can arrive after later events: "first" means earliest in the world.
    case 'NeedAssessed':
      return {
        ...base,
        firstAssessedAt: earliest(doc.firstAssessedAt, at),
        needs: event.data.needs.reduce(
          (all, n) => withNeed(all, n.needId, { domain: n.domain, severity: n.severity, at, memberId: null }),
          doc.needs ?? {},
        ),
      };
    case 'NeedIdentified': {
      const { needId, domain, severity, memberId } = event.data;
      return { ...base, needs: withNeed(doc.needs ?? {}, needId, { domain, severity, at, memberId }) };
    }
    case 'MilestoneMet': {
      const { goalId, milestoneId } = event.data;
      return {
        ...base,
        goals: updateEntry(doc.goals, goalId, (g) => ({
          ...g,
          milestonesMet: { ...g.milestonesMet, [milestoneId]: g.milestonesMet?.[milestoneId] ?? at },
        })),
      };
    }
    case 'PlanAmended': {
      const { goalsAdded, goalsDropped, nextReviewDate } = event.data;
      const added = goalsAdded.reduce<IdRecord<GoalFacts>>(
        (goals, g) =>
          hasEntry(goals, g.goalId)
            ? goals
            : { ...goals, [g.goalId]: { setAt: at, achievedAt: null, dropped: false, droppedAt: null } },
        doc.goals,
      );
      const goals = goalsDropped.reduce(
        (all, goalId) => updateEntry(all, goalId, (g): GoalFacts => ({ ...g, dropped: true, droppedAt: at })),
        added,
      );
      return {
        ...base,
        firstPlannedAt: earliest(doc.firstPlannedAt, at),
        goals,
        nextReviewDate: doc.status === 'open' ? nextReviewDate : null,
        planReviewDate: nextReviewDate,
      };
    }
    case 'ReferralMade':
      return {
        ...base,
        firstReferralAt: earliest(doc.firstReferralAt, at),
        referrals: {
          ...doc.referrals,
          [event.data.referralId]: {
            madeAt: at,
            serviceType: event.data.serviceType,
            providerId: event.data.providerId,
            status: 'made',
            acceptedAt: null,
            declinedAt: null,
            serviceStartedAt: null,
            completedAt: null,
            noShowAt: null,
            withdrawnAt: null,
          },
        },
      };
    case 'ReferralStatusChanged': {
      const { referralId, to } = event.data;
      return {
        ...base,
        referrals: updateEntry(doc.referrals, referralId, (r) => ({
          ...r,
          status: to,
          [STATUS_FIELD[to]]: at,
        })),
      };
    }
    case 'GoalAchieved':
      return {
        ...base,
        goals: updateEntry(doc.goals, event.data.goalId, (g) => achieve(g, at, { achievedBy: holder })),
      };
    case 'CaseReviewed':
      return {
        ...base,
        goals: (event.data.goalMeasures ?? []).reduce(
          (all, m) =>
            updateEntry(all, m.goalId, (g): GoalFacts => {
              const measuredAt = m.measuredAt ?? at;
              // Reviews can be entered late: the latest measure is the latest measured, not recorded.
              if (g.latestMeasure !== undefined && g.latestMeasure.measuredAt > measuredAt) return g;
              const latestMeasure = {
                value: m.value,
                unit: m.unit,
                measuredAt,
                reviewId: event.data.reviewId,
              };
              return { ...g, latestMeasure };
            }),
          doc.goals,
        ),
        nextReviewDate: doc.status === 'open' ? event.data.nextReviewDate : null,
        planReviewDate: event.data.nextReviewDate,
      };
    case 'CaseTerminated': {
      const { reason, goalOutcomes } = event.data;
      // As in the domain, a goal closed as achieved is achieved, at the closing.
      const goals = goalOutcomes
        .filter((o) => o.outcome === 'achieved')
        .reduce(
          (all, o) => updateEntry(all, o.goalId, (g) => achieve(g, at, { achievedBy: holder })),
          doc.goals,
        );
      return {
        ...base,
        closedAt: at,
        closingReason: reason,
        episodes: closeEpisode(doc.episodes, at, reason, holder),
        goals,
        nextReviewDate: null,
        referrals: (event.data.referralDispositions ?? []).reduce(
          (all, d) => updateEntry(all, d.referralId, (r) => ({ ...r, disposition: d.disposition })),
          doc.referrals,
        ),
      };
    }
    case 'CaseReopened':
      return {
        ...base,
        closedAt: null,
        closingReason: null,
        reopenedCount: doc.reopenedCount + 1,
        episodes: [...doc.episodes, { openedAt: at, closedAt: null, closingReason: null }],
        nextReviewDate: doc.planReviewDate ?? null,
      };
    // Voids and corrections: the read models are to honour them (issue #9); until then only the version moves on.
    case 'EntryVoided':
    case 'EntryCorrected':
    case 'CaseAssigned':
    case 'CaseTransferred':
    case 'CaseNoteCorrected':
    case 'GoalProgressRecorded':
    case 'AdvocacyActionRecorded':
      return base;
    // An erasure destroys client data, never the record of the work: every count stays as it was.
    case 'ClientDataErased':
      return base;
    // Consent governs sharing, not the course of the work the outcomes count.
    case 'ConsentGranted':
    case 'ConsentNarrowed':
    case 'ConsentRevoked':
      return base;
    case 'PlanApprovalRequested':
      return { ...base, planApproval: 'pending' };
    case 'PlanApproved':
      return {
        ...base,
        planApproval: 'approved',
        firstPlanApprovedAt: doc.firstPlanApprovedAt ?? at,
      };
    case 'PlanReturned':
      return { ...base, planApproval: 'returned' };
    // A closing counts when it happens: CaseTerminated, decided with its approval.
    case 'ClosingRequested':
    case 'ClosingApproved':
    case 'ClosingReturned':
      return base;
    // Scheduling and reminders: only a recorded appointment outcome counts (the no-show rate).
    case 'AppointmentScheduled':
    case 'TaskCreated':
    case 'TaskClosed':
    case 'ItemDueSoon':
      return base;
    case 'AppointmentOutcomeRecorded':
      return {
        ...base,
        appointmentOutcomes: [
          ...(doc.appointmentOutcomes ?? []),
          { at, outcome: event.data.outcome, caseManagerId: holder },
        ],
      };
    case 'ContactRecorded':
      return { ...base, contacts: [...(doc.contacts ?? []), { at, caseManagerId: holder }] };
    // Who lives with the client is not an outcome the report counts (yet).
    case 'HouseholdMemberJoined':
    case 'HouseholdMemberLeft':
      return base;
    // Which client record the case sits under: no outcome.
    case 'CaseClientChanged':
      return base;
    // A transfer counts when it happens: CaseTransferred, decided with its approval.
    case 'TransferRequested':
    case 'TransferApproved':
    case 'TransferReturned':
      return base;
    case 'FormAnswered': {
      const { formId, answers, selections } = event.data;
      const kept = { ...(doc.formAnswers?.[formId] ?? {}) };
      for (const [fieldId, value] of Object.entries<FormAnswerValue>({ ...answers, ...selections })) {
        const before = kept[fieldId];
        if (before === undefined || instant(before.at) <= instant(at)) kept[fieldId] = { value, at };
      }
      return { ...base, formAnswers: { ...doc.formAnswers, [formId]: kept } };
    }
    // Warnings and languages are how to work with the client, not outcomes.
    case 'SafetyFlagSet':
    case 'SafetyFlagCleared':
    case 'CommunicationNeedsRecorded':
      return base;
    default: {
      // Compile-time exhaustiveness; at run time an unknown (newer) type only moves the version on.
      const _unhandled: never = event;
      return base;
    }
  }
};

export const caseFactsProjection = perCaseProjection<CaseFacts>(CASE_FACTS, evolveCaseFacts, {
  refold: true,
});
