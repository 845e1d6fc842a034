import { Instant, Narrative, Optional } from '../../http/fields';
import { MEASURE_LIMIT, NumberIn } from '../shared-dtos';

export class AchieveGoalDto {
  /** The goal's metric as measured when achieved, in its target's unit. */
  @Optional() @NumberIn(-MEASURE_LIMIT, MEASURE_LIMIT) measuredValue?: number;
  @Optional() @Narrative(2_000) note?: string;
  @Optional() @Instant() occurredAt?: string;
}
