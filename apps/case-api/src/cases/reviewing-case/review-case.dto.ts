import { GOAL_PROGRESS, type GoalProgress } from '@casetrail/domain';
import { CalendarDate, Id, Instant, Narrative, NestedList, OneOf, Optional, Text } from '../../http/fields';
import { MEASURE_LIMIT, NumberIn } from '../shared-dtos';

export class GoalReviewDto {
  @Id() goalId!: string;
  @OneOf(GOAL_PROGRESS) progress!: GoalProgress;
}

export class GoalMeasureDto {
  @Id() goalId!: string;
  /** The goal's metric as measured, in `unit` (or its target's unit). */
  @NumberIn(-MEASURE_LIMIT, MEASURE_LIMIT) value!: number;
  /** Leave out for the unit of the goal's target. */
  @Optional() @Text(40) unit?: string;
  /** When it was measured, not after the review; defaults to the review's time. */
  @Optional() @Instant() measuredAt?: string;
}

export class ReviewCaseDto {
  /** Minted when absent. */
  @Optional() @Id() reviewId?: string;
  /** Progress on every open goal. */
  @NestedList(() => GoalReviewDto, 50) goalReviews!: GoalReviewDto[];
  /** A measured value for some open goals, one each. */
  @Optional() @NestedList(() => GoalMeasureDto, 50) goalMeasures?: GoalMeasureDto[];
  /** YYYY-MM-DD, after today. */
  @CalendarDate() nextReviewDate!: string;
  @Narrative() summary!: string;
  @Optional() @Instant() occurredAt?: string;
}
