import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';

/** A supervisor approved a plan version that was waiting for approval. */
export type PlanApproved = CaseEventShape<
  'PlanApproved',
  {
    /**
     * The plan version approved: the latest one, waiting.
     * @asType integer
     * @minimum 1
     */
    readonly amendmentNumber: number;
    /** Who approved it (a staff member's id). */
    readonly approvedBy: string;
  },
  {
    /** The supervisor's comments, in their words (may be empty). */
    readonly comments: string;
  }
>;

/** The category of each field of PlanApproved (rules: `../sensitivity.ts`). */
export const PLAN_APPROVED_SENSITIVITY: EventSensitivity = {
  data: {
    amendmentNumber: 'case_record',
    approvedBy: 'case_record',
  },
  pii: {
    comments: CLIENT_FREE_TEXT,
  },
};
