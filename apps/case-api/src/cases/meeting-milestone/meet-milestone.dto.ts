import { Instant, Narrative, Optional } from '../../http/fields';

export class MeetMilestoneDto {
  /** How it was met, in the worker's words (sealed). */
  @Optional() @Narrative(2_000) note?: string;
  /** When it was met; defaults to now. */
  @Optional() @Instant() metAt?: string;
}
