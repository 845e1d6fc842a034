import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';

/** A supervisor approved the transfer asked for; the CaseTransferred decided with it moves the case. */
export type TransferApproved = CaseEventShape<
  'TransferApproved',
  {
    /** Who decided (a staff member's id). */
    readonly approvedBy: string;
  },
  {
    /** The supervisor's comments, in their words (required to return). */
    readonly comments: string;
  }
>;

/** The category of each field of TransferApproved (rules: `../sensitivity.ts`). */
export const TRANSFER_APPROVED_SENSITIVITY: EventSensitivity = {
  data: { approvedBy: 'case_record' },
  pii: { comments: CLIENT_FREE_TEXT },
};
