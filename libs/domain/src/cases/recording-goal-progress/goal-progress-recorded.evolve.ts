import type { GoalProgressRecorded } from './goal-progress-recorded.event';
import type { ActiveCase } from '../case-state';
import { updateGoal } from '../plan-updates';

export const evolveGoalProgressRecorded = (state: ActiveCase, event: GoalProgressRecorded): ActiveCase =>
  updateGoal(state, event.data.goalId, (goal) => ({
    ...goal,
    progress: event.data.progress,
    // Progress without a measurement keeps the last known value.
    measuredValue: event.data.measuredValue ?? goal.measuredValue,
  }));
