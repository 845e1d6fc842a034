import { Instant, Narrative, Optional } from '../../http/fields';

export class RecordHouseholdMemberDepartureDto {
  /** Why or where to; sealed as client data. */
  @Optional() @Narrative(2_000) note?: string;
  /** When they left; defaults to now; not before they joined. */
  @Optional() @Instant() occurredAt?: string;
}
