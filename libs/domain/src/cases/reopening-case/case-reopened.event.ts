import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';

export type CaseReopened = CaseEventShape<
  'CaseReopened',
  {
    /** The case manager the reopened case goes to; null leaves it unassigned. */
    readonly caseManagerId: string | null;
  },
  {
    /** Why the case was reopened. */
    readonly reason: string;
  }
>;

/** The category of each field of CaseReopened (rules: `../sensitivity.ts`). */
export const CASE_REOPENED_SENSITIVITY: EventSensitivity = {
  data: {
    caseManagerId: 'case_record',
  },
  pii: {
    reason: CLIENT_FREE_TEXT,
  },
};
