import type { CommandMetadata } from '../../shared/metadata';
import { caseError } from '../case-errors';
import { GOAL_PROGRESS } from '../vocabularies';
import type { CaseReviewed, GoalMeasure, GoalReview } from './case-reviewed.event';
import type { CaseState, PlanState } from '../case-state';
import { instant, toUtc } from '../../shared/time';
import {
  occurredAtFor,
  openGoalIds,
  requireDateAfterDayOf,
  requireDistinct,
  requireOneOf,
  requireOpenCase,
  requireInstant,
  requireOpenGoal,
  requirePlan,
  requireText,
} from '../case-rules';

/** A measure as the worker gives it: unit and time optional. */
export interface GoalMeasureInput {
  readonly goalId: string;
  readonly value: number;
  readonly unit?: string | null;
  readonly measuredAt?: string | null;
}

/** The periodic review: progress on every open goal, and when to look again. */
export interface ReviewCase {
  readonly type: 'ReviewCase';
  readonly caseId: string;
  readonly data: {
    readonly reviewId: string;
    readonly goalReviews: readonly GoalReview[];
    /** A measured value for some open goals, at most one each. */
    readonly goalMeasures?: readonly GoalMeasureInput[];
    /** YYYY-MM-DD */
    readonly nextReviewDate: string;
    readonly summary: string;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

const checkMeasures = (
  plan: PlanState,
  measures: readonly GoalMeasureInput[],
  reviewedAt: string,
): readonly GoalMeasure[] => {
  requireDistinct(
    measures.map((m) => m.goalId),
    'goalMeasures',
  );
  return measures.map((measure, index) => {
    requireOpenGoal(plan, measure.goalId);
    if (typeof measure.value !== 'number' || !Number.isFinite(measure.value)) {
      throw caseError('INVALID_MEASURED_VALUE', `goalMeasures[${index}].value must be a finite number`, {
        field: `goalMeasures[${index}].value`,
        value: measure.value,
      });
    }
    const unit = measure.unit === undefined || measure.unit === null ? null : measure.unit;
    const field = `goalMeasures[${index}].measuredAt`;
    const measuredAt =
      measure.measuredAt === undefined || measure.measuredAt === null
        ? null
        : toUtc(requireInstant(measure.measuredAt, field));
    if (measuredAt !== null && instant(measuredAt) > instant(reviewedAt)) {
      throw caseError('MEASURED_AFTER_REVIEW', `${field} cannot be after the review`, {
        field,
        measuredAt,
        reviewedAt,
      });
    }
    return { goalId: measure.goalId, value: measure.value, unit, measuredAt };
  });
};

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
  const goalMeasures = checkMeasures(plan, data.goalMeasures ?? [], occurredAt);
  return [
    {
      type: 'CaseReviewed',
      occurredAt,
      data: {
        reviewId: data.reviewId,
        goalReviews: data.goalReviews,
        goalMeasures,
        nextReviewDate: data.nextReviewDate,
      },
      pii: { summary },
    },
  ];
};
