import { updateEntry, withEntry, type IdRecord } from '../../shared/records';
import type { PlanAmended, PlannedGoal } from './plan-amended.event';
import type { ActiveCase, GoalState } from '../case-state';

const newGoal = (goal: PlannedGoal): GoalState => ({
  status: 'open',
  domain: goal.domain,
  category: goal.category,
  needIds: goal.needIds,
  target: goal.target,
  dueDate: goal.dueDate,
  milestones: goal.milestones,
  progress: null,
  measuredValue: null,
  achievedAt: null,
  ...(goal.memberId === undefined ? {} : { memberId: goal.memberId }),
});

export const evolvePlanAmended = (state: ActiveCase, event: PlanAmended): ActiveCase => {
  const { goalsAdded, goalsRevised, goalsDropped } = event.data;
  const withAdded = goalsAdded.reduce<IdRecord<GoalState>>(
    (goals, goal) => withEntry(goals, goal.goalId, newGoal(goal)),
    state.plan?.goals ?? {},
  );
  const withRevised = goalsRevised.reduce(
    (goals, revision) =>
      updateEntry(goals, revision.goalId, (goal) => ({
        ...goal,
        target: revision.target ?? goal.target,
        dueDate: revision.dueDate ?? goal.dueDate,
        milestones: [...goal.milestones, ...(revision.milestonesAdded ?? [])],
      })),
    withAdded,
  );
  const goals = goalsDropped.reduce(
    (all, goalId) => updateEntry(all, goalId, (goal): GoalState => ({ ...goal, status: 'dropped' })),
    withRevised,
  );
  return {
    ...state,
    plan: {
      amendmentNumber: event.data.amendmentNumber,
      amendedAt: event.occurredAt,
      nextReviewDate: event.data.nextReviewDate,
      goals,
    },
  };
};
