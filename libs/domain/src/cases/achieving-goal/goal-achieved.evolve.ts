import type { GoalAchieved } from './goal-achieved.event';
import type { ActiveCase } from '../case-state';
import { achieve, updateGoal } from '../plan-updates';

export const evolveGoalAchieved = (state: ActiveCase, event: GoalAchieved): ActiveCase =>
  updateGoal(state, event.data.goalId, (goal) =>
    achieve(goal, event.occurredAt, {
      status: 'achieved',
      measuredValue: event.data.measuredValue ?? goal.measuredValue,
    }),
  );
