import type { EventSensitivity } from '../../shared/sensitivity';
import type { CaseEventShape } from '../values';

/** How a household member is related to the case's primary client. */
export const HOUSEHOLD_RELATIONSHIPS = [
  'spouse_partner',
  'child',
  'parent',
  'sibling',
  'grandparent',
  'grandchild',
  'other_relative',
  'non_relative',
] as const;
export type HouseholdRelationship = (typeof HOUSEHOLD_RELATIONSHIPS)[number];

/** A person joined the client's household (from this event's occurredAt on they count as present). */
export type HouseholdMemberJoined = CaseEventShape<
  'HouseholdMemberJoined',
  {
    /** The member's id, unique within the case; departures, needs, goals and referrals name it. */
    readonly memberId: string;
    readonly relationship: HouseholdRelationship;
  },
  {
    readonly givenName: string;
    readonly familyName: string;
    /** YYYY-MM-DD; null when nobody knows it yet. */
    readonly dateOfBirth: string | null;
  }
>;

/**
 * The member's name and date of birth are identity, sealed with the client's key like the client's
 * own, so an erasure shreds them too. The relationship is `identity` as well, not `case_record`:
 * "child, born 2019" beside the client's record says who a person is, and who lives with a
 * survivor, which only partners the client let see identity should learn.
 */
export const HOUSEHOLD_MEMBER_JOINED_SENSITIVITY: EventSensitivity = {
  data: { memberId: 'case_record', relationship: 'identity' },
  pii: { givenName: 'identity', familyName: 'identity', dateOfBirth: 'identity' },
};
