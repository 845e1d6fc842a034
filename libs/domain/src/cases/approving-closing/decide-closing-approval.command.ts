import type { CommandMetadata } from '../../shared/metadata';
import { APPROVAL_DECISIONS, type ApprovalDecision } from '../../shared/approvals';
import { caseError } from '../case-errors';
import type { ActiveCase, CaseState, ClosingRequestState } from '../case-state';
import { openReferralIds } from '../terminating-case/referral-dispositions';
import { requireOneOf, requireOpenCase } from '../case-rules';
import {
  approvalRequired,
  decisionComments,
  decisionOccurredAt,
  requireNotOwnRequest,
  requirePending,
} from '../approving-plan/decide-plan-approval.command';
import type { CaseTerminated } from '../terminating-case/case-terminated.event';
import type { ClosingApproved } from './closing-approved.event';
import type { ClosingRequested } from './closing-requested.event';
import type { ClosingReturned } from './closing-returned.event';

/** A supervisor's decision on the closing waiting for approval. */
export interface DecideClosingApproval {
  readonly type: 'DecideClosingApproval';
  readonly caseId: string;
  readonly data: {
    readonly decision: ApprovalDecision;
    /** Required when returning: why the case stays open. */
    readonly comments?: string;
    /**
     * The closing summary of the request, which is sealed in its ClosingRequested and never in the
     * state: the command handler opens it (an access-logged read) and passes it in.
     */
    readonly summary?: string;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

/**
 * The events of a closing: where the program requires closings to be approved, the CaseTerminated
 * decided becomes a request for approval, and a request already waiting is not asked again.
 */
export const asClosingRequest = (
  metadata: CommandMetadata,
  state: CaseState,
  events: readonly CaseTerminated[],
): readonly (CaseTerminated | ClosingRequested)[] => {
  if (!approvalRequired(metadata, 'closing')) return events;
  if (state.status !== 'initial' && state.closingRequest?.status === 'pending') {
    throw caseError('CLOSING_ALREADY_REQUESTED', 'A closing is already waiting for approval', {
      requestedAt: state.closingRequest.requestedAt,
    });
  }
  return events.map((event): ClosingRequested => ({
    type: 'ClosingRequested',
    occurredAt: event.occurredAt,
    data: { ...event.data, requestedBy: metadata.actor.id },
    pii: { summary: event.pii.summary },
  }));
};

/**
 * The request's dispositions for the referrals open now: a referral made while the closing waited
 * closes with the case, one closed meanwhile needs none.
 */
const dispositionsNow = (active: ActiveCase, request: ClosingRequestState) =>
  openReferralIds(active).map((referralId) => ({
    referralId,
    disposition:
      request.referralDispositions.find((item) => item.referralId === referralId)?.disposition ??
      ('closed_at_termination' as const),
  }));

export const decideClosingApproval = (
  command: DecideClosingApproval,
  state: CaseState,
): readonly (ClosingApproved | CaseTerminated | ClosingReturned)[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const decision = requireOneOf(APPROVAL_DECISIONS, data.decision, 'decision');
  const request = active.closingRequest;
  requirePending(request, 'closing', command.caseId);
  if (request === undefined) return [];
  requireNotOwnRequest(request, metadata);
  const occurredAt = decisionOccurredAt(active, metadata, data.occurredAt, request, 'closing');
  const comments = decisionComments(decision, data.comments);
  if (decision === 'returned') {
    return [
      { type: 'ClosingReturned', occurredAt, data: { returnedBy: metadata.actor.id }, pii: { comments } },
    ];
  }
  return [
    { type: 'ClosingApproved', occurredAt, data: { approvedBy: metadata.actor.id }, pii: { comments } },
    {
      type: 'CaseTerminated',
      occurredAt,
      data: {
        reason: request.reason,
        goalOutcomes: request.goalOutcomes,
        ongoingSupports: request.ongoingSupports,
        referralDispositions: dispositionsNow(active, request),
      },
      pii: { summary: data.summary ?? '' },
    },
  ];
};
