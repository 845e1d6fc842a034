import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';

/**
 * A supervisor returned a plan version with comments: it stays unapproved until a new amendment
 * (itself waiting for approval) answers them.
 */
export type PlanReturned = CaseEventShape<
  'PlanReturned',
  {
    /**
     * The plan version returned.
     * @asType integer
     * @minimum 1
     */
    readonly amendmentNumber: number;
    /** Who returned it (a staff member's id). */
    readonly returnedBy: string;
  },
  {
    /** What must change, in the supervisor's words. */
    readonly comments: string;
  }
>;

/** The category of each field of PlanReturned (rules: `../sensitivity.ts`). */
export const PLAN_RETURNED_SENSITIVITY: EventSensitivity = {
  data: {
    amendmentNumber: 'case_record',
    returnedBy: 'case_record',
  },
  pii: {
    comments: CLIENT_FREE_TEXT,
  },
};
