import type { ActiveCase } from '../case-state';
import type { TransferApproved } from './transfer-approved.event';
import type { TransferRequested } from './transfer-requested.event';
import type { TransferReturned } from './transfer-returned.event';

export const evolveTransferRequested = (state: ActiveCase, event: TransferRequested): ActiveCase => ({
  ...state,
  transferRequest: {
    status: 'pending',
    amendmentNumber: null,
    requestedBy: event.data.requestedBy,
    requestedAt: event.occurredAt,
    decidedBy: null,
    decidedAt: null,
    fromCaseManagerId: event.data.fromCaseManagerId,
    toCaseManagerId: event.data.toCaseManagerId,
    toProgramId: event.data.toProgramId,
    toTeamId: event.data.toTeamId,
  },
});

const decided = (state: ActiveCase, status: 'approved' | 'returned', by: string, at: string): ActiveCase =>
  state.transferRequest === undefined
    ? state
    : { ...state, transferRequest: { ...state.transferRequest, status, decidedBy: by, decidedAt: at } };

export const evolveTransferApproved = (state: ActiveCase, event: TransferApproved): ActiveCase =>
  decided(state, 'approved', event.data.approvedBy, event.occurredAt);

export const evolveTransferReturned = (state: ActiveCase, event: TransferReturned): ActiveCase =>
  decided(state, 'returned', event.data.returnedBy, event.occurredAt);
