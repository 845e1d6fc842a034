import { updateEntry } from '../../shared/records';
import type { HouseholdMemberLeft } from './household-member-left.event';
import type { ActiveCase } from '../case-state';

export const evolveHouseholdMemberLeft = (state: ActiveCase, event: HouseholdMemberLeft): ActiveCase => ({
  ...state,
  household: updateEntry(state.household, event.data.memberId, (member) => ({
    ...member,
    leftAt: event.occurredAt,
  })),
});
