import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';

/** A supervisor approved the closing asked for; the CaseTerminated decided with it closes the case. */
export type ClosingApproved = CaseEventShape<
  'ClosingApproved',
  {
    /** Who approved it (a staff member's id). */
    readonly approvedBy: string;
  },
  {
    /** The supervisor's comments, in their words (may be empty). */
    readonly comments: string;
  }
>;

/** The category of each field of ClosingApproved (rules: `../sensitivity.ts`). */
export const CLOSING_APPROVED_SENSITIVITY: EventSensitivity = {
  data: { approvedBy: 'case_record' },
  pii: { comments: CLIENT_FREE_TEXT },
};
