import type { CommandMetadata } from '../../shared/metadata';
import { caseError } from '../case-errors';
import { GOAL_PROGRESS } from '../vocabularies';
import type { CaseReviewed, GoalReview } from './case-reviewed.event';
import type { CaseState } from '../case-state';
import {
  occurredAtFor,
  openGoalIds,
  requireDateAfterDayOf,
  requireDistinct,
  requireOneOf,
  requireOpenCase,
  requireOpenGoal,
  requirePlan,
  requireText,
} from '../case-rules';

/** The periodic review: progress on every open goal, and when to look again. */
export interface ReviewCase {
  readonly type: 'ReviewCase';
  readonly caseId: string;
  readonly data: {
    readonly reviewId: string;
    readonly goalReviews: readonly GoalReview[];
    /** YYYY-MM-DD */
    readonly nextReviewDate: string;
    readonly summary: string;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

export const reviewCase = (command: ReviewCase, state: CaseState): readonly CaseReviewed[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  const plan = requirePlan(active);
  const reviewedIds = data.goalReviews.map((review) => review.goalId);
  requireDistinct(reviewedIds, 'goalReviews');
  data.goalReviews.forEach((review, index) => {
    requireOpenGoal(plan, review.goalId);
    requireOneOf(GOAL_PROGRESS, review.progress, `goalReviews[${index}].progress`);
  });
  const missing = openGoalIds(plan).filter((goalId) => !reviewedIds.includes(goalId));
  if (missing.length > 0) {
    throw caseError('GOAL_REVIEW_MISSING', 'A review reports progress on every open goal', {
      goalIds: missing,
    });
  }
  requireDateAfterDayOf(
    data.nextReviewDate,
    // The day the review took place: a review entered late keeps its real next date.
    { occurredAt, timeZone: metadata.timeZone },
    'NEXT_REVIEW_DATE_NOT_IN_FUTURE',
    'nextReviewDate',
  );
  const summary = requireText(data.summary, 'SUMMARY_REQUIRED', 'summary');
  return [
    {
      type: 'CaseReviewed',
      occurredAt,
      data: { reviewId: data.reviewId, goalReviews: data.goalReviews, nextReviewDate: data.nextReviewDate },
      pii: { summary },
    },
  ];
};
