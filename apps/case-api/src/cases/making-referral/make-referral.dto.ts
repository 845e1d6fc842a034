import { type ServiceTypeCode } from '@casetrail/domain';
import { Code, Id, IdList, Instant, Narrative, Optional } from '../../http/fields';

export class MakeReferralDto {
  /** Minted when absent. */
  @Optional() @Id() referralId?: string;
  @Id() providerId!: string;
  @Code() serviceType!: ServiceTypeCode;
  /** The plan's goals it serves; none for a crisis referral before any plan. */
  @Optional() @IdList(20) goalIds?: string[];
  /** A declined, withdrawn or no-show referral that this one replaces. */
  @Optional() @Id() replacesReferralId?: string;
  /** The household member it is for, in the household when it is made; leave out for the client. */
  @Optional() @Id() memberId?: string;
  @Optional() @Narrative(2_000) note?: string;
  @Optional() @Instant() occurredAt?: string;
}
