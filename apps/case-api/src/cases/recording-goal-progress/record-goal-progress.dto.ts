import { GOAL_PROGRESS, type GoalProgress } from '@casetrail/domain';
import { Instant, Narrative, OneOf, Optional } from '../../http/fields';
import { MEASURE_LIMIT, NumberIn } from '../shared-dtos';

export class RecordGoalProgressDto {
  @OneOf(GOAL_PROGRESS) progress!: GoalProgress;
  /** The goal's metric as measured now, in its target's unit. */
  @Optional() @NumberIn(-MEASURE_LIMIT, MEASURE_LIMIT) measuredValue?: number;
  @Optional() @Narrative(2_000) note?: string;
  @Optional() @Instant() occurredAt?: string;
}
