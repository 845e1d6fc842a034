import type { CommandMetadata } from '../../shared/metadata';
import { APPROVAL_DECISIONS, type ApprovalDecision } from '../../shared/approvals';
import { caseError } from '../case-errors';
import type { CaseState } from '../case-state';
import { requireOneOf, requireOpenCase } from '../case-rules';
import {
  approvalRequired,
  decisionComments,
  decisionOccurredAt,
  requireNotOwnRequest,
  requirePending,
} from '../approving-plan/decide-plan-approval.command';
import type { CaseTransferred } from '../transferring-case/case-transferred.event';
import type { TransferApproved } from './transfer-approved.event';
import type { TransferRequested } from './transfer-requested.event';
import type { TransferReturned } from './transfer-returned.event';

/** A supervisor's decision on the transfer out of the program waiting for approval. */
export interface DecideTransferApproval {
  readonly type: 'DecideTransferApproval';
  readonly caseId: string;
  readonly data: {
    readonly decision: ApprovalDecision;
    /** Required when returning: why the case stays. */
    readonly comments?: string;
    /**
     * The request's reason, sealed in its TransferRequested and never in the state: the command
     * handler opens it (an access-logged read) and passes it in.
     */
    readonly reason?: string;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

/**
 * The events of a transfer: one out of the program (to another program) becomes a request for
 * approval where the program requires it; a transfer within the program never waits.
 */
export const asTransferRequest = (
  metadata: CommandMetadata,
  state: CaseState,
  events: readonly CaseTransferred[],
): readonly (CaseTransferred | TransferRequested)[] => {
  if (!approvalRequired(metadata, 'transfer_out') || state.status === 'initial') return events;
  return events.map((event): CaseTransferred | TransferRequested => {
    const { toProgramId } = event.data;
    if (toProgramId === null || toProgramId === state.programId) return event;
    if (state.transferRequest?.status === 'pending') {
      throw caseError('TRANSFER_ALREADY_REQUESTED', 'A transfer is already waiting for approval', {
        requestedAt: state.transferRequest.requestedAt,
      });
    }
    return {
      type: 'TransferRequested',
      occurredAt: event.occurredAt,
      data: {
        fromCaseManagerId: event.data.fromCaseManagerId,
        toCaseManagerId: event.data.toCaseManagerId,
        toProgramId,
        toTeamId: event.data.toTeamId,
        requestedBy: metadata.actor.id,
      },
      pii: event.pii,
    };
  });
};

export const decideTransferApproval = (
  command: DecideTransferApproval,
  state: CaseState,
): readonly (TransferApproved | CaseTransferred | TransferReturned)[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const decision = requireOneOf(APPROVAL_DECISIONS, data.decision, 'decision');
  const request = active.transferRequest;
  requirePending(request, 'transfer', command.caseId);
  if (request === undefined) return [];
  requireNotOwnRequest(request, metadata);
  const occurredAt = decisionOccurredAt(active, metadata, data.occurredAt, request, 'transfer');
  const comments = decisionComments(decision, data.comments);
  if (decision === 'returned') {
    return [
      { type: 'TransferReturned', occurredAt, data: { returnedBy: metadata.actor.id }, pii: { comments } },
    ];
  }
  return [
    { type: 'TransferApproved', occurredAt, data: { approvedBy: metadata.actor.id }, pii: { comments } },
    {
      type: 'CaseTransferred',
      occurredAt,
      data: {
        // Whoever holds the case now: an assignment may have landed while the request waited.
        fromCaseManagerId: active.caseManagerId ?? request.fromCaseManagerId,
        toCaseManagerId: request.toCaseManagerId,
        toProgramId: request.toProgramId,
        toTeamId: request.toTeamId,
      },
      pii: { reason: data.reason ?? '' },
    },
  ];
};
