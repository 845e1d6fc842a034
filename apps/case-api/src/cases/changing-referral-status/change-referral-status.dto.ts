import { REFERRAL_STATUSES, type ReferralStatus } from '@casetrail/domain';
import { Instant, Narrative, OneOf, Optional } from '../../http/fields';

export class ChangeReferralStatusDto {
  /** accepted / declined by the provider, service_started, completed, no_show, withdrawn. */
  @OneOf(REFERRAL_STATUSES) status!: ReferralStatus;
  @Optional() @Narrative(2_000) note?: string;
  @Optional() @Instant() occurredAt?: string;
}
