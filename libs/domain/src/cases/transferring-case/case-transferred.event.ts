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
  },
  pii: {
    reason: CLIENT_FREE_TEXT,
  },
};
