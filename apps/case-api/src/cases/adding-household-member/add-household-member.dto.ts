import { HOUSEHOLD_RELATIONSHIPS, type HouseholdRelationship } from '@casetrail/domain';
import { CalendarDate, Id, Instant, OneOf, Optional, Text } from '../../http/fields';

export class AddHouseholdMemberDto {
  /** Minted when absent; the answer's `memberId` and `Location` name it. */
  @Optional() @Id() memberId?: string;
  /** How the member is related to the case's primary client. */
  @OneOf(HOUSEHOLD_RELATIONSHIPS) relationship!: HouseholdRelationship;
  @Text(200) givenName!: string;
  @Text(200) familyName!: string;
  /** YYYY-MM-DD; leave out when not known. */
  @Optional() @CalendarDate() dateOfBirth?: string;
  /** When they joined the household; defaults to now. */
  @Optional() @Instant() occurredAt?: string;
}
