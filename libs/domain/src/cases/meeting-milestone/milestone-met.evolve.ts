import { updateEntry } from '../../shared/records';
import type { ActiveCase, GoalState } from '../case-state';
import type { MilestoneMet } from './milestone-met.event';

export const evolveMilestoneMet = (state: ActiveCase, event: MilestoneMet): ActiveCase => {
  if (state.plan === null) return state;
  const { goalId, milestoneId } = event.data;
  return {
    ...state,
    plan: {
      ...state.plan,
      goals: updateEntry(state.plan.goals, goalId, (goal): GoalState => ({
        ...goal,
        milestones: goal.milestones.map((m) =>
          m.milestoneId === milestoneId ? { ...m, metAt: event.occurredAt } : m,
        ),
      })),
    },
  };
};
