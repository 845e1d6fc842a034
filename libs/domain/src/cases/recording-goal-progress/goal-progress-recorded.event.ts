import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT, GOAL_FACT_WITHOUT_DOMAIN } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { GoalProgress } from '../vocabularies';

export type GoalProgressRecorded = CaseEventShape<
  'GoalProgressRecorded',
  { readonly goalId: string; readonly progress: GoalProgress; readonly measuredValue: number | null },
  { readonly note: string }
>;

/** The category of each field of GoalProgressRecorded (rules: `../sensitivity.ts`). */
export const GOAL_PROGRESS_RECORDED_SENSITIVITY: EventSensitivity = {
  data: {
    goalId: 'case_record',
    progress: GOAL_FACT_WITHOUT_DOMAIN,
    measuredValue: GOAL_FACT_WITHOUT_DOMAIN,
  },
  pii: {
    note: CLIENT_FREE_TEXT,
  },
};
