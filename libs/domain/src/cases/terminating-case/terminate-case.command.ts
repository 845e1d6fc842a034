import type { FormSubmission } from '../../forms/answering-form/form-answers';
import type { CommandMetadata } from '../../shared/metadata';
import { caseError } from '../case-errors';
import { requireCode } from '../../vocabularies/vocabulary-catalog';
import { GOAL_OUTCOMES, type ClosingReasonCode } from '../vocabularies';
import {
  REFERRAL_DISPOSITIONS,
  type CaseTerminated,
  type GoalClosingOutcome,
  type OngoingSupport,
  type ReferralDisposition,
} from './case-terminated.event';
import type { ActiveCase, CaseState } from '../case-state';
import { openReferralIds } from './referral-dispositions';
import {
  occurredAtFor,
  openGoalIds,
  requireDistinct,
  requireOneOf,
  requireOpenCase,
  requireOpenGoal,
  requireText,
} from '../case-rules';

export interface TerminateCase {
  readonly type: 'TerminateCase';
  readonly caseId: string;
  readonly data: {
    /** The answers to the program's form filled in here, if any (`forms/answering-form`). */
    readonly form?: FormSubmission;
    readonly reason: ClosingReasonCode;
    /** One per open goal; goals already achieved carry their achievement and need none. */
    readonly goalOutcomes: readonly GoalClosingOutcome[];
    readonly ongoingSupports?: readonly Omit<OngoingSupport, 'serviceCategory'>[];
    readonly summary: string;
    /** What becomes of open referrals; an open referral not named is `closed_at_termination`. */
    readonly referralDispositions?: readonly ReferralDisposition[];
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

/** One disposition for every open referral: the ones asked for, `closed_at_termination` for the rest. */
const dispositionsFor = (
  active: ActiveCase,
  asked: readonly ReferralDisposition[] | undefined,
): readonly ReferralDisposition[] => {
  const named = asked ?? [];
  requireDistinct(
    named.map((item) => item.referralId),
    'referralDispositions',
  );
  const open = openReferralIds(active);
  named.forEach((item, index) => {
    if (!open.includes(item.referralId)) {
      throw caseError(
        'REFERRAL_NOT_OPEN',
        `referralDispositions[${index}].referralId: referral ${item.referralId} is not open on this case`,
        { referralId: item.referralId, openReferralIds: open },
      );
    }
    requireOneOf(REFERRAL_DISPOSITIONS, item.disposition, `referralDispositions[${index}].disposition`);
  });
  return open.map((referralId): ReferralDisposition => ({
    referralId,
    disposition: named.find((item) => item.referralId === referralId)?.disposition ?? 'closed_at_termination',
  }));
};

export const terminateCase = (command: TerminateCase, state: CaseState): readonly CaseTerminated[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  const reason = requireCode(metadata.vocabulary, 'closing_reason', data.reason, 'reason').code;
  const outcomeIds = data.goalOutcomes.map((outcome) => outcome.goalId);
  requireDistinct(outcomeIds, 'goalOutcomes');
  data.goalOutcomes.forEach((outcome, index) => {
    requireOpenGoal(active.plan, outcome.goalId);
    requireOneOf(GOAL_OUTCOMES, outcome.outcome, `goalOutcomes[${index}].outcome`);
  });
  // Attainment rates are reported to funders: no goal may leave the case without an outcome.
  const missing = openGoalIds(active.plan).filter((goalId) => !outcomeIds.includes(goalId));
  if (missing.length > 0) {
    throw caseError('GOAL_OUTCOME_MISSING', 'Closing gives an outcome for every open goal', {
      goalIds: missing,
    });
  }
  // Each support's type is any code in force; the event keeps the category it carries now, which
  // consent and masking read for as long as the event is shared.
  const ongoingSupports = (data.ongoingSupports ?? []).map((support, index): OngoingSupport => {
    const type = requireCode(
      metadata.vocabulary,
      'service_type',
      support.serviceType,
      `ongoingSupports[${index}].serviceType`,
    );
    return { ...support, serviceCategory: type.category ?? 'services_referrals' };
  });
  const referralDispositions = dispositionsFor(active, data.referralDispositions);
  const summary = requireText(data.summary, 'SUMMARY_REQUIRED', 'summary');
  return [
    {
      type: 'CaseTerminated',
      occurredAt,
      data: { reason, goalOutcomes: data.goalOutcomes, ongoingSupports, referralDispositions },
      pii: { summary },
    },
  ];
};
