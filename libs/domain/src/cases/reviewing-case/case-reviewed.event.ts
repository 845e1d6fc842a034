import type { CaseEventShape } from '../values';
import type { GoalProgress } from '../vocabularies';

export interface GoalReview {
  readonly goalId: string;
  readonly progress: GoalProgress;
}

export type CaseReviewed = CaseEventShape<
  'CaseReviewed',
  {
    readonly reviewId: string;
    readonly goalReviews: readonly GoalReview[];
    /** YYYY-MM-DD */
    readonly nextReviewDate: string;
  },
  { readonly summary: string }
>;
