import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT, GOAL_FACT_WITHOUT_DOMAIN } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { GoalProgress } from '../vocabularies';

export type GoalProgressRecorded = CaseEventShape<
  'GoalProgressRecorded',
  {
    /** The plan's goal. */
    readonly goalId: string;
    /** Where the goal stands. */
    readonly progress: GoalProgress;
    /** The goal's metric as measured now, in its target's unit; null when not measured. */
    readonly measuredValue: number | null;
  },
  {
    /** The worker's note on the progress. */
    readonly note: string;
  }
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
