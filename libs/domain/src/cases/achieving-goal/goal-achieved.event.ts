import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT, GOAL_FACT_WITHOUT_DOMAIN } from '../protective-categories';
import type { CaseEventShape } from '../values';

export type GoalAchieved = CaseEventShape<
  'GoalAchieved',
  {
    /** The plan's goal that was achieved (a `goalsAdded[].goalId` of an earlier PlanAmended). */
    readonly goalId: string;
    /** The goal's metric as measured at achievement, in its target's unit; null when not measured. */
    readonly measuredValue: number | null;
  },
  {
    /** The worker's note on how the goal was met. */
    readonly note: string;
  }
>;

/** The category of each field of GoalAchieved (rules: `../sensitivity.ts`). */
export const GOAL_ACHIEVED_SENSITIVITY: EventSensitivity = {
  data: {
    goalId: 'case_record',
    measuredValue: GOAL_FACT_WITHOUT_DOMAIN,
  },
  pii: {
    note: CLIENT_FREE_TEXT,
  },
};
