import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';

/** A supervisor returned the closing asked for: the case stays open, and may be asked to close again. */
export type ClosingReturned = CaseEventShape<
  'ClosingReturned',
  {
    /** Who returned it (a staff member's id). */
    readonly returnedBy: string;
  },
  {
    /** Why, in the supervisor's words. */
    readonly comments: string;
  }
>;

/** The category of each field of ClosingReturned (rules: `../sensitivity.ts`). */
export const CLOSING_RETURNED_SENSITIVITY: EventSensitivity = {
  data: { returnedBy: 'case_record' },
  pii: { comments: CLIENT_FREE_TEXT },
};
