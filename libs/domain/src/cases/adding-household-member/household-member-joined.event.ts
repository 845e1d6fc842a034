import type { EventSensitivity } from '../../shared/sensitivity';
import type { CaseEventShape } from '../values';
import { CLIENT_FREE_TEXT } from '../protective-categories';

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
    /** How the member is related to the case's primary client. */
    readonly relationship: HouseholdRelationship;
  },
  {
    /** The member's given name. */
    readonly givenName: string;
    /** The member's family name. */
    readonly familyName: string;
    /** YYYY-MM-DD; null when nobody knows it yet. */
    readonly dateOfBirth: string | null;
  }
>;

/**
 * The member's name and date of birth are sealed with the client's key like the client's own, so an
 * erasure shreds them too. They take `CLIENT_FREE_TEXT`, the strictest category, rather than
 * `identity`: only the client's own identity (`client.*` of ClientEngaged) is released by an identity
 * consent, and a relative's name beside a Part 2 program's record discloses the client's treatment.
 * The relationship is `identity`, not `case_record`: "child" beside the client's record says who
 * lives with them (for a survivor, whereabouts), which only partners let see identity should learn.
 */
export const HOUSEHOLD_MEMBER_JOINED_SENSITIVITY: EventSensitivity = {
  data: { memberId: 'case_record', relationship: 'identity' },
  pii: { givenName: CLIENT_FREE_TEXT, familyName: CLIENT_FREE_TEXT, dateOfBirth: CLIENT_FREE_TEXT },
};
