import type { CaseEventType } from './case-events';

/**
 * The requests for approval and the decisions on them. They are not entries a void or a date
 * correction can name: a decision stands, and a new plan version or closing request follows it.
 * So nothing depends on them, and they depend on nothing that could be voided from under them.
 */
export const APPROVAL_EVENT_TYPES = [
  'PlanApprovalRequested',
  'PlanApproved',
  'PlanReturned',
  'ClosingRequested',
  'ClosingApproved',
  'ClosingReturned',
  'TransferRequested',
  'TransferApproved',
  'TransferReturned',
] as const satisfies readonly CaseEventType[];
export type ApprovalEventType = (typeof APPROVAL_EVENT_TYPES)[number];

export const isApprovalEvent = (type: CaseEventType): type is ApprovalEventType =>
  (APPROVAL_EVENT_TYPES as readonly CaseEventType[]).includes(type);
