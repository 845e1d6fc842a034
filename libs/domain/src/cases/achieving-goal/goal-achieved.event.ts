import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT, GOAL_FACT_WITHOUT_DOMAIN } from '../protective-categories';
import type { CaseEventShape } from '../values';

export type GoalAchieved = CaseEventShape<
  'GoalAchieved',
  { readonly goalId: string; readonly measuredValue: number | null },
  { readonly note: string }
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
