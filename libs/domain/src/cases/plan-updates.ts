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

/**
 * Achieving is a one-way door: the first time a goal was achieved stays its achievement date,
 * and a later achievement changes nothing. Generic, so that read models keeping their own
 * view of a goal apply the same rule; `changes` is what else achieving sets on that view.
 */
export const achieve = <G extends { readonly achievedAt: string | null }>(
  goal: G,
  achievedAt: string,
  changes: Partial<G> = {},
): G => (goal.achievedAt !== null ? goal : { ...goal, ...changes, achievedAt });
