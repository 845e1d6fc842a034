import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';

/**
 * A transfer out of the program asked for where the program requires such transfers approved: what
 * TransferCase decides there instead of CaseTransferred. The case stays where it is until a
 * supervisor approves (TransferApproved, then CaseTransferred with this data) or returns it.
 */
export type TransferRequested = CaseEventShape<
  'TransferRequested',
  {
    /** The case manager who holds the case now. */
    readonly fromCaseManagerId: string;
    /** The case manager who is to take it on. */
    readonly toCaseManagerId: string;
    /** The program the case is to move to. */
    readonly toProgramId: string;
    /** The team it is to move to; null: it keeps its team. */
    readonly toTeamId: string | null;
    /** Who asked (a staff member's id): they may not approve it themselves. */
    readonly requestedBy: string;
  },
  {
    /** Why it is to be transferred. */
    readonly reason: string;
  }
>;

/** The category of each field of TransferRequested (rules: `../sensitivity.ts`). */
export const TRANSFER_REQUESTED_SENSITIVITY: EventSensitivity = {
  data: {
    fromCaseManagerId: 'case_record',
    toCaseManagerId: 'case_record',
    toProgramId: 'case_record',
    toTeamId: 'case_record',
    requestedBy: 'case_record',
  },
  pii: { reason: CLIENT_FREE_TEXT },
};
