import { withEntry } from '../../shared/records';
import type { HouseholdMemberJoined } from './household-member-joined.event';
import type { ActiveCase } from '../case-state';

export const evolveHouseholdMemberJoined = (state: ActiveCase, event: HouseholdMemberJoined): ActiveCase => ({
  ...state,
  household: withEntry(state.household, event.data.memberId, {
    relationship: event.data.relationship,
    joinedAt: event.occurredAt,
    leftAt: null,
  }),
});
