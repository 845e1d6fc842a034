import {
  CONSENT_PURPOSES,
  INFORMATION_CATEGORIES,
  type ConsentPurpose,
  type InformationCategory,
} from '@casetrail/domain';
import { Id, Instant, Narrative, OneOf, OneOfList, Optional } from '../../http/fields';

export class GrantConsentDto {
  /** Minted when absent. */
  @Optional() @Id() consentId?: string;
  /** The partner organisation allowed to receive the information. */
  @Id() partnerId!: string;
  @OneOfList(INFORMATION_CATEGORIES) categories!: InformationCategory[];
  @OneOf(CONSENT_PURPOSES) purpose!: ConsentPurpose;
  /** From when it covers; when it was given unless sent. */
  @Optional() @Instant() from?: string;
  /** Until when (exclusive); no end unless sent. */
  @Optional() @Instant() until?: string;
  @Optional() @Narrative(2_000) note?: string;
  @Optional() @Instant() occurredAt?: string;
}
