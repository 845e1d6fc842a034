import type { CommandMetadata } from '../../shared/metadata';
import { APPROVAL_DECISIONS, type ApprovalDecision } from '../../shared/approvals';
import { caseError } from '../case-errors';
import type { CaseEvent } from '../case-events';
import type { ActiveCase, ApprovalState, CaseState } from '../case-state';
import {
  occurredAtFor,
  requireNotBefore,
  requireOneOf,
  requireOpenCase,
  requirePlan,
  requireText,
} from '../case-rules';
import type { PlanApprovalRequested } from './plan-approval-requested.event';
import type { PlanApproved } from './plan-approved.event';
import type { PlanReturned } from './plan-returned.event';

/** A supervisor's decision on the plan version waiting for approval. */
export interface DecidePlanApproval {
  readonly type: 'DecidePlanApproval';
  readonly caseId: string;
  readonly data: {
    readonly decision: ApprovalDecision;
    /** The plan version decided on: a decision on an outdated one is refused (409). */
    readonly amendmentNumber: number;
    /** Required when returning: what must change. */
    readonly comments?: string;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

/** Whether the case's program requires what the metadata says for this kind. */
export const approvalRequired = (metadata: CommandMetadata, kind: 'plan' | 'closing' | 'transfer_out') =>
  (metadata.approvalsRequired ?? []).includes(kind);

/**
 * The events of an amendment, with its request for approval when the program requires one: each
 * plan version, the first and every amendment, waits for a supervisor.
 */
export const withPlanApproval = (
  metadata: CommandMetadata,
  events: readonly CaseEvent[],
): readonly CaseEvent[] => {
  if (!approvalRequired(metadata, 'plan')) return events;
  return events.flatMap((event): CaseEvent[] => {
    if (event.type !== 'PlanAmended') return [event];
    const requested: PlanApprovalRequested = {
      type: 'PlanApprovalRequested',
      occurredAt: event.occurredAt,
      data: { amendmentNumber: event.data.amendmentNumber, requestedBy: metadata.actor.id },
      pii: {},
    };
    return [event, requested];
  });
};

/** Nobody approves what they asked for themselves: the four-eyes rule approval exists for. */
export const requireNotOwnRequest = (approval: ApprovalState, metadata: CommandMetadata): void => {
  if (approval.requestedBy === metadata.actor.id) {
    throw caseError('SELF_APPROVAL_FORBIDDEN', 'Nobody may approve or return what they asked for', {
      requestedBy: approval.requestedBy,
    });
  }
};

export const requirePending = (
  approval: ApprovalState | undefined,
  item: 'plan' | 'closing' | 'transfer',
  caseId: string,
): ApprovalState => {
  if (approval?.status !== 'pending') {
    throw caseError('APPROVAL_NOT_PENDING', `Case ${caseId} has no ${item} waiting for approval`, {
      item,
      status: approval?.status ?? null,
    });
  }
  return approval;
};

/**
 * The date of a decision: a decision answers its request, so it cannot have happened before the
 * request did (late entry of both must keep that order too).
 */
export const decisionOccurredAt = (
  active: ActiveCase,
  metadata: CommandMetadata,
  happenedAt: string | undefined,
  approval: ApprovalState,
  item: 'plan' | 'closing' | 'transfer',
): string => {
  const occurredAt = occurredAtFor(active, metadata, happenedAt);
  requireNotBefore(occurredAt, 'occurredAt', {
    entry: `${item} approval request`,
    occurredAt: approval.requestedAt,
  });
  return occurredAt;
};

/** The comments of a decision: required to return, so the worker knows what to change. */
export const decisionComments = (decision: ApprovalDecision, comments: string | undefined): string =>
  decision === 'returned' ? requireText(comments, 'COMMENTS_REQUIRED', 'comments') : (comments ?? '');

const requireCurrentVersion = (active: ActiveCase, amendmentNumber: number): void => {
  const plan = requirePlan(active);
  if (plan.amendmentNumber !== amendmentNumber) {
    throw caseError(
      'PLAN_VERSION_OUTDATED',
      `Plan version ${amendmentNumber} is not the current one (${plan.amendmentNumber})`,
      { amendmentNumber, currentAmendmentNumber: plan.amendmentNumber },
    );
  }
};

export const decidePlanApproval = (
  command: DecidePlanApproval,
  state: CaseState,
): readonly (PlanApproved | PlanReturned)[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const decision = requireOneOf(APPROVAL_DECISIONS, data.decision, 'decision');
  requireCurrentVersion(active, data.amendmentNumber);
  const approval = requirePending(active.plan?.approval, 'plan', command.caseId);
  requireNotOwnRequest(approval, metadata);
  const occurredAt = decisionOccurredAt(active, metadata, data.occurredAt, approval, 'plan');
  const comments = decisionComments(decision, data.comments);
  const amendmentNumber = data.amendmentNumber;
  return decision === 'approved'
    ? [
        {
          type: 'PlanApproved',
          occurredAt,
          data: { amendmentNumber, approvedBy: metadata.actor.id },
          pii: { comments },
        },
      ]
    : [
        {
          type: 'PlanReturned',
          occurredAt,
          data: { amendmentNumber, returnedBy: metadata.actor.id },
          pii: { comments },
        },
      ];
};
