import type { EventSensitivity } from '../../shared/sensitivity';
import type { CaseEventShape } from '../values';
import { CLIENT_FREE_TEXT } from '../protective-categories';

/** A household member left the household: from this event's occurredAt on they are no longer present. */
export type HouseholdMemberLeft = CaseEventShape<
  'HouseholdMemberLeft',
  {
    /** The member who left (`HouseholdMemberJoined.memberId`). */
    readonly memberId: string;
  },
  {
    /** Why or where to, as the worker wrote it. */
    readonly note: string;
  }
>;

export const HOUSEHOLD_MEMBER_LEFT_SENSITIVITY: EventSensitivity = {
  data: { memberId: 'case_record' },
  pii: { note: CLIENT_FREE_TEXT },
};
