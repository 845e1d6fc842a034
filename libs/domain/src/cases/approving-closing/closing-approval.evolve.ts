import type { ActiveCase } from '../case-state';
import type { ClosingApproved } from './closing-approved.event';
import type { ClosingRequested } from './closing-requested.event';
import type { ClosingReturned } from './closing-returned.event';

export const evolveClosingRequested = (state: ActiveCase, event: ClosingRequested): ActiveCase => ({
  ...state,
  closingRequest: {
    status: 'pending',
    amendmentNumber: null,
    requestedBy: event.data.requestedBy,
    requestedAt: event.occurredAt,
    decidedBy: null,
    decidedAt: null,
    reason: event.data.reason,
    goalOutcomes: event.data.goalOutcomes,
    ongoingSupports: event.data.ongoingSupports,
    referralDispositions: event.data.referralDispositions,
  },
});

const decided = (state: ActiveCase, status: 'approved' | 'returned', by: string, at: string): ActiveCase =>
  state.closingRequest === undefined
    ? state
    : { ...state, closingRequest: { ...state.closingRequest, status, decidedBy: by, decidedAt: at } };

export const evolveClosingApproved = (state: ActiveCase, event: ClosingApproved): ActiveCase =>
  decided(state, 'approved', event.data.approvedBy, event.occurredAt);

export const evolveClosingReturned = (state: ActiveCase, event: ClosingReturned): ActiveCase =>
  decided(state, 'returned', event.data.returnedBy, event.occurredAt);
