import { GOAL_PROGRESS, type GoalProgress } from '@casetrail/domain';
import { CalendarDate, Id, Instant, Narrative, NestedList, OneOf, Optional } from '../../http/fields';

export class GoalReviewDto {
  @Id() goalId!: string;
  @OneOf(GOAL_PROGRESS) progress!: GoalProgress;
}

export class ReviewCaseDto {
  /** Minted when absent. */
  @Optional() @Id() reviewId?: string;
  /** Progress on every open goal. */
  @NestedList(() => GoalReviewDto, 50) goalReviews!: GoalReviewDto[];
  /** YYYY-MM-DD, after today. */
  @CalendarDate() nextReviewDate!: string;
  @Narrative() summary!: string;
  @Optional() @Instant() occurredAt?: string;
}
