import { INFORMATION_CATEGORIES, type InformationCategory } from '@casetrail/domain';
import { Instant, OneOfList, Optional } from '../../http/fields';

export class NarrowConsentDto {
  /** What it covers from now on: within what it covers now. */
  @OneOfList(INFORMATION_CATEGORIES) categories!: InformationCategory[];
  /** A new end, earlier than the one it has. */
  @Optional() @Instant() until?: string;
  @Optional() @Instant() occurredAt?: string;
}
