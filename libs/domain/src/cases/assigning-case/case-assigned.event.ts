import type { EventSensitivity } from '../../shared/sensitivity';
import type { CaseEventShape } from '../values';

export type CaseAssigned = CaseEventShape<
  'CaseAssigned',
  {
    /** The case manager (a staff user id) now responsible for the case. */
    readonly caseManagerId: string;
  },
  Record<string, never>
>;

/** The category of each field of CaseAssigned (rules: `../sensitivity.ts`). */
export const CASE_ASSIGNED_SENSITIVITY: EventSensitivity = {
  data: {
    caseManagerId: 'case_record',
  },
  pii: {},
};
