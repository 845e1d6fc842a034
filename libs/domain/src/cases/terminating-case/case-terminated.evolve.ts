import { withEntry, type IdRecord } from '../../shared/records';
import type { GoalOutcome } from '../vocabularies';
import type { CaseTerminated } from './case-terminated.event';
import type { ActiveCase } from '../case-state';
import { achieve, updateGoal } from '../plan-updates';
import { withDispositions } from './referral-dispositions';

export const evolveCaseTerminated = (state: ActiveCase, event: CaseTerminated): ActiveCase => {
  const { goalOutcomes, reason } = event.data;
  // A goal closed as achieved is achieved; the others stay open so that a reopened case can pick them up.
  const withAchievements = goalOutcomes
    .filter((outcome) => outcome.outcome === 'achieved')
    .reduce(
      (current, outcome) =>
        updateGoal(current, outcome.goalId, (goal) =>
          achieve(goal, event.occurredAt, { status: 'achieved' }),
        ),
      state,
    );
  // v1 events come upcast with no dispositions: their open referrals close with the case.
  const { referrals, dispositions } = withDispositions(
    state.referrals,
    event.data.referralDispositions ?? [],
  );
  return {
    ...withAchievements,
    referrals,
    status: 'closed',
    closing: {
      reason,
      closedAt: event.occurredAt,
      goalOutcomes: goalOutcomes.reduce<IdRecord<GoalOutcome>>(
        (outcomes, outcome) => withEntry(outcomes, outcome.goalId, outcome.outcome),
        {},
      ),
      referralDispositions: dispositions,
    },
  };
};
