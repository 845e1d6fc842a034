import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';

export type CaseTransferred = CaseEventShape<
  'CaseTransferred',
  {
    /** The case manager the case leaves. */
    readonly fromCaseManagerId: string;
    /** The case manager the case goes to. */
    readonly toCaseManagerId: string;
    /**
     * v2: the program the case moves to in a transfer out of its program; null: it stays in its
     * program (every v1 transfer, which moved only between case managers).
     */
    readonly toProgramId: string | null;
    /** v2: the team it moves to; null: it keeps its team. */
    readonly toTeamId: string | null;
  },
  {
    /** Why it was transferred. */
    readonly reason: string;
  }
>;

/** The category of each field of CaseTransferred (rules: `../sensitivity.ts`). */
export const CASE_TRANSFERRED_SENSITIVITY: EventSensitivity = {
  data: {
    fromCaseManagerId: 'case_record',
    toCaseManagerId: 'case_record',
    toProgramId: 'case_record',
    toTeamId: 'case_record',
  },
  pii: {
    reason: CLIENT_FREE_TEXT,
  },
};
