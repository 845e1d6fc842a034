import type { CommandMetadata } from '../../shared/metadata';
import { hasEntry } from '../../shared/records';
import { instant, startOfDay } from '../../shared/time';
import { caseError } from '../case-errors';
import type { CaseState } from '../case-state';
import {
  occurredAtFor,
  requireCalendarDate,
  requireOneOf,
  requireOpenCase,
  requireText,
} from '../case-rules';
import {
  HOUSEHOLD_RELATIONSHIPS,
  type HouseholdMemberJoined,
  type HouseholdRelationship,
} from './household-member-joined.event';

export interface AddHouseholdMember {
  readonly type: 'AddHouseholdMember';
  readonly caseId: string;
  readonly data: {
    readonly memberId: string;
    readonly relationship: HouseholdRelationship;
    readonly givenName: string;
    readonly familyName: string;
    readonly dateOfBirth?: string | null;
    /** When they joined the household; defaults to when it was recorded. */
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

export const addHouseholdMember = (
  command: AddHouseholdMember,
  state: CaseState,
): readonly HouseholdMemberJoined[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  // A member who left and came back rejoins under a new id: ids name one stay, never two.
  if (hasEntry(active.household, data.memberId)) {
    throw caseError('HOUSEHOLD_MEMBER_ALREADY_EXISTS', `Household member ${data.memberId} already exists`, {
      memberId: data.memberId,
    });
  }
  const relationship = requireOneOf(HOUSEHOLD_RELATIONSHIPS, data.relationship, 'relationship');
  const givenName = requireText(data.givenName, 'MEMBER_NAME_REQUIRED', 'givenName');
  const familyName = requireText(data.familyName, 'MEMBER_NAME_REQUIRED', 'familyName');
  const dateOfBirth = data.dateOfBirth ?? null;
  if (dateOfBirth !== null) {
    requireCalendarDate(dateOfBirth, 'dateOfBirth');
    if (startOfDay(dateOfBirth) > instant(occurredAt)) {
      throw caseError('DATE_OF_BIRTH_IN_FUTURE', 'A member cannot be born after joining the household', {
        dateOfBirth,
      });
    }
  }
  return [
    {
      type: 'HouseholdMemberJoined',
      occurredAt,
      data: { memberId: data.memberId, relationship },
      pii: { givenName, familyName, dateOfBirth },
    },
  ];
};
