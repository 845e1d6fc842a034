import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';

/** A step towards a goal was reached; `occurredAt` is when it was met. */
export type MilestoneMet = CaseEventShape<
  'MilestoneMet',
  {
    /** The open goal the milestone belongs to. */
    readonly goalId: string;
    /** The milestone met (a `milestones[].milestoneId` of the goal, set by a PlanAmended). */
    readonly milestoneId: string;
  },
  {
    /** The worker's note on how it was met. */
    readonly note: string;
  }
>;

/** The category of each field of MilestoneMet (rules: `../sensitivity.ts`). */
export const MILESTONE_MET_SENSITIVITY: EventSensitivity = {
  data: { goalId: 'case_record', milestoneId: 'case_record' },
  pii: { note: CLIENT_FREE_TEXT },
};
