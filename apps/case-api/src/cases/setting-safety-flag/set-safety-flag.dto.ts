import { SAFETY_FLAG_KINDS, type SafetyFlagKind } from '@casetrail/domain';
import { Id, Narrative, Instant, NestedList, OneOf, Optional, Text } from '../../http/fields';

export class DoNotContactDto {
  /** Whom not to contact (a name, a relationship); sealed as client data. */
  @Text(200) who!: string;
}

export class SetSafetyFlagDto {
  /** Minted when absent; the answer's `flagId` and `Location` name it. */
  @Optional() @Id() flagId?: string;
  /** `address_confidentiality` withholds the client's address from everyone but their case manager and the team's supervisors. */
  @OneOf(SAFETY_FLAG_KINDS) kind!: SafetyFlagKind;
  /** Why; sealed as client data, never on the caseload. */
  @Narrative(2_000) reason!: string;
  /** Whom not to contact: required for `do_not_contact`, refused for the other kinds. */
  @Optional() @NestedList(() => DoNotContactDto, 20) doNotContact?: DoNotContactDto[];
  /** When the danger became known; defaults to now. */
  @Optional() @Instant() occurredAt?: string;
}
