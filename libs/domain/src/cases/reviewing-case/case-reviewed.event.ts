import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT, GOAL_FACT_WITHOUT_DOMAIN } from '../protective-categories';
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

/** The category of each field of CaseReviewed (rules: `../sensitivity.ts`). */
export const CASE_REVIEWED_SENSITIVITY: EventSensitivity = {
  data: {
    reviewId: 'case_record',
    'goalReviews[].goalId': 'case_record',
    'goalReviews[].progress': GOAL_FACT_WITHOUT_DOMAIN,
    nextReviewDate: 'case_record',
  },
  pii: {
    summary: CLIENT_FREE_TEXT,
  },
};
