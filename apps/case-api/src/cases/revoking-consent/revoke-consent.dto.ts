import { Instant, Narrative, Optional } from '../../http/fields';

export class RevokeConsentDto {
  /** The client need give none. */
  @Optional() @Narrative(2_000) reason?: string;
  @Optional() @Instant() occurredAt?: string;
}
