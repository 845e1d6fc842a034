import { Instant, Narrative, Optional } from '../../http/fields';

export class ClearSafetyFlagDto {
  /** Why the flag no longer applies; sealed as client data. */
  @Narrative(2_000) reason!: string;
  /** When it stopped applying; defaults to now; not before it was set. */
  @Optional() @Instant() occurredAt?: string;
}
