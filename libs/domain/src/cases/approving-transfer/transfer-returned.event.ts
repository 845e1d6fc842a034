import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';

/** A supervisor returned the transfer asked for: the case stays where it is. */
export type TransferReturned = CaseEventShape<
  'TransferReturned',
  {
    /** Who decided (a staff member's id). */
    readonly returnedBy: string;
  },
  {
    /** The supervisor's comments, in their words (required to return). */
    readonly comments: string;
  }
>;

/** The category of each field of TransferReturned (rules: `../sensitivity.ts`). */
export const TRANSFER_RETURNED_SENSITIVITY: EventSensitivity = {
  data: { returnedBy: 'case_record' },
  pii: { comments: CLIENT_FREE_TEXT },
};
