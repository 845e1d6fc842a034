import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT, GOAL_FACT_WITHOUT_DOMAIN } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { GoalProgress } from '../vocabularies';

export interface GoalReview {
  /** The plan's goal reviewed. */
  readonly goalId: string;
  /** Where the goal stands at the review. */
  readonly progress: GoalProgress;
}

export type CaseReviewed = CaseEventShape<
  'CaseReviewed',
  {
    /** The review's id, unique within the case. */
    readonly reviewId: string;
    /** The goals reviewed, each with its progress. */
    readonly goalReviews: readonly GoalReview[];
    /** When the case is next to be reviewed: a calendar date, YYYY-MM-DD. */
    readonly nextReviewDate: string;
  },
  {
    /** The review's summary, in the worker's words. */
    readonly summary: string;
  }
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
