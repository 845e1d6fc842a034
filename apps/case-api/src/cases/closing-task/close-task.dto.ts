import { Instant, Narrative, Optional } from '../../http/fields';

export class CloseTaskDto {
  @Optional() @Narrative(2_000) note?: string;
  @Optional() @Instant() occurredAt?: string;
}
