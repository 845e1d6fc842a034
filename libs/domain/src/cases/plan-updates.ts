import { updateEntry } from '../shared/records';
import type { ActiveCase, GoalState } from './case-state';

/** One goal of the current plan, immutably; without a plan or that goal, the state is left as it is. */
export const updateGoal = (
  state: ActiveCase,
  goalId: string,
  update: (goal: GoalState) => GoalState,
): ActiveCase =>
  state.plan === null
    ? state
    : { ...state, plan: { ...state.plan, goals: updateEntry(state.plan.goals, goalId, update) } };

/** Achieving is a one-way door: the first time a goal was achieved stays its achievement date. */
export const achieve = (goal: GoalState, achievedAt: string, measuredValue: number | null): GoalState =>
  goal.status === 'achieved'
    ? goal
    : { ...goal, status: 'achieved', achievedAt, measuredValue: measuredValue ?? goal.measuredValue };
