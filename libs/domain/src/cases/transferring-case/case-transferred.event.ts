import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';

export type CaseTransferred = CaseEventShape<
  'CaseTransferred',
  { readonly fromCaseManagerId: string; readonly toCaseManagerId: string },
  { readonly reason: string }
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
