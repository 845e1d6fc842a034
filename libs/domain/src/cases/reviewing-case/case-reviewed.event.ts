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

/** A goal's metric as measured for a review (issue #14): what its target counts, in numbers. */
export interface GoalMeasure {
  /** The plan's goal measured: an open one. */
  readonly goalId: string;
  /** The value measured, a finite number. */
  readonly value: number;
  /** The unit of `value`, as the worker typed it; null: the unit of the goal's target. */
  readonly unit: string | null;
  /** When it was measured (ISO-8601 instant), not after the review; null: at the review. */
  readonly measuredAt: string | null;
}

export type CaseReviewed = CaseEventShape<
  'CaseReviewed',
  {
    /** The review's id, unique within the case. */
    readonly reviewId: string;
    /** The goals reviewed, each with its progress. */
    readonly goalReviews: readonly GoalReview[];
    /** A measured value per goal, for the goals measured (v2; a v1 review lifts to `[]`). */
    readonly goalMeasures: readonly GoalMeasure[];
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
    // A measure does not repeat its goal's domain.
    'goalMeasures[].goalId': 'case_record',
    'goalMeasures[].value': GOAL_FACT_WITHOUT_DOMAIN,
    'goalMeasures[].unit': GOAL_FACT_WITHOUT_DOMAIN,
    'goalMeasures[].measuredAt': 'case_record',
    nextReviewDate: 'case_record',
  },
  pii: {
    summary: CLIENT_FREE_TEXT,
  },
};
