import type { EventSensitivity } from '../../shared/sensitivity';
import type { CaseEventShape } from '../values';

/**
 * Decided with a PlanAmended when the case's program requires plans to be approved: that plan
 * version waits for a supervisor. Recorded so that replay never depends on today's configuration.
 */
export type PlanApprovalRequested = CaseEventShape<
  'PlanApprovalRequested',
  {
    /**
     * The plan version (PlanAmended.amendmentNumber) that waits for approval.
     * @asType integer
     * @minimum 1
     */
    readonly amendmentNumber: number;
    /** Who made that plan version (a staff member's id): they may not approve it themselves. */
    readonly requestedBy: string;
  },
  Record<string, never>
>;

/** The category of each field of PlanApprovalRequested (rules: `../sensitivity.ts`). */
export const PLAN_APPROVAL_REQUESTED_SENSITIVITY: EventSensitivity = {
  data: {
    amendmentNumber: 'case_record',
    requestedBy: 'case_record',
  },
  pii: {},
};
