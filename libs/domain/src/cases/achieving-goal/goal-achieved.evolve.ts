import type { GoalAchieved } from '../case-events';
import type { ActiveCase } from '../case-state';
import { achieve, updateGoal } from '../plan-updates';

export const evolveGoalAchieved = (state: ActiveCase, event: GoalAchieved): ActiveCase =>
  updateGoal(state, event.data.goalId, (goal) => achieve(goal, event.occurredAt, event.data.measuredValue));
