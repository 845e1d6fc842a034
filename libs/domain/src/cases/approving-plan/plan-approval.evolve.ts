import type { ActiveCase, ApprovalState } from '../case-state';
import type { PlanApprovalRequested } from './plan-approval-requested.event';
import type { PlanApproved } from './plan-approved.event';
import type { PlanReturned } from './plan-returned.event';

const withApproval = (
  state: ActiveCase,
  change: (approval: ApprovalState | undefined) => ApprovalState | undefined,
): ActiveCase => {
  if (state.plan === null) return state;
  const approval = change(state.plan.approval);
  return approval === undefined ? state : { ...state, plan: { ...state.plan, approval } };
};

export const evolvePlanApprovalRequested = (state: ActiveCase, event: PlanApprovalRequested): ActiveCase =>
  withApproval(state, () => ({
    status: 'pending',
    amendmentNumber: event.data.amendmentNumber,
    requestedBy: event.data.requestedBy,
    requestedAt: event.occurredAt,
    decidedBy: null,
    decidedAt: null,
  }));

const decided =
  (status: 'approved' | 'returned', by: string, at: string) =>
  (approval: ApprovalState | undefined): ApprovalState | undefined =>
    approval === undefined ? undefined : { ...approval, status, decidedBy: by, decidedAt: at };

export const evolvePlanApproved = (state: ActiveCase, event: PlanApproved): ActiveCase =>
  withApproval(state, decided('approved', event.data.approvedBy, event.occurredAt));

export const evolvePlanReturned = (state: ActiveCase, event: PlanReturned): ActiveCase =>
  withApproval(state, decided('returned', event.data.returnedBy, event.occurredAt));
