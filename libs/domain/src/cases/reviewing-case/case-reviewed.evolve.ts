import type { CaseReviewed } from './case-reviewed.event';
import type { ActiveCase } from '../case-state';
import { updateGoal } from '../plan-updates';

export const evolveCaseReviewed = (state: ActiveCase, event: CaseReviewed): ActiveCase => {
  const progressed = event.data.goalReviews.reduce(
    (current, review) =>
      updateGoal(current, review.goalId, (goal) => ({ ...goal, progress: review.progress })),
    state,
  );
  const reviewed = event.data.goalMeasures.reduce(
    (current, measure) =>
      updateGoal(current, measure.goalId, (goal) => ({ ...goal, measuredValue: measure.value })),
    progressed,
  );
  return {
    ...reviewed,
    plan: reviewed.plan === null ? null : { ...reviewed.plan, nextReviewDate: event.data.nextReviewDate },
    reviewCount: state.reviewCount + 1,
    lastReviewedAt: event.occurredAt,
  };
};
