import type { GoalAchieved } from '../achieving-goal/goal-achieved.event';
import { assessed, CASE_ID, caseReviewed, metadata, NOW, planned, spec, TODAY } from '../../testing/fixtures';
import { evolve } from '../case-decider';
import { initialCaseState } from '../case-state';
import type { ReviewCase } from './review-case.command';

const review = (data: Partial<ReviewCase['data']> = {}): ReviewCase => ({
  type: 'ReviewCase',
  caseId: CASE_ID,
  data: {
    reviewId: 'rev-1',
    goalReviews: [
      { goalId: 'goal-housing', progress: 'in_progress' },
      { goalId: 'goal-mood', progress: 'partially_met' },
    ],
    nextReviewDate: '2025-05-10',
    summary: 'Voucher approved; mood improving.',
    ...data,
  },
  metadata: metadata(),
});

const moodAchieved: GoalAchieved = {
  type: 'GoalAchieved',
  occurredAt: NOW,
  data: { goalId: 'goal-mood', measuredValue: 8 },
  pii: { note: '' },
};

describe('ReviewCase', () => {
  it('reviews progress on every open goal and schedules the next review', () => {
    const { goalReviews } = review().data;
    spec(planned)
      .when(review())
      .then([
        {
          type: 'CaseReviewed',
          occurredAt: NOW,
          data: { reviewId: 'rev-1', goalReviews, goalMeasures: [], nextReviewDate: '2025-05-10' },
          pii: { summary: 'Voucher approved; mood improving.' },
        },
      ]);
  });

  it('records a measured value per goal, in the goal’s unit unless another is named (v2)', () => {
    const { goalReviews } = review().data;
    spec(planned)
      .when(
        review({
          goalMeasures: [
            { goalId: 'goal-housing', value: 12 },
            { goalId: 'goal-mood', value: 8, unit: 'PHQ-9 points', measuredAt: '2025-03-09T10:00:00+02:00' },
          ],
        }),
      )
      .then([
        {
          type: 'CaseReviewed',
          occurredAt: NOW,
          data: {
            reviewId: 'rev-1',
            goalReviews,
            goalMeasures: [
              { goalId: 'goal-housing', value: 12, unit: null, measuredAt: null },
              { goalId: 'goal-mood', value: 8, unit: 'PHQ-9 points', measuredAt: '2025-03-09T08:00:00.000Z' },
            ],
            nextReviewDate: '2025-05-10',
          },
          pii: { summary: 'Voucher approved; mood improving.' },
        },
      ]);
  });

  it('measures open goals of the plan, each once, with a finite value not measured after the review', () => {
    spec(planned)
      .when(review({ goalMeasures: [{ goalId: 'goal-9', value: 1 }] }))
      .thenFails('UNKNOWN_GOAL');
    spec(planned)
      .when(
        review({
          goalMeasures: [
            { goalId: 'goal-housing', value: 1 },
            { goalId: 'goal-housing', value: 2 },
          ],
        }),
      )
      .thenFails('DUPLICATE_ID');
    spec(planned)
      .when(review({ goalMeasures: [{ goalId: 'goal-housing', value: Number.NaN }] }))
      .thenFails('INVALID_MEASURED_VALUE');
    spec(planned)
      .when(
        review({
          goalMeasures: [{ goalId: 'goal-housing', value: 1, measuredAt: '2025-03-11T10:00:00.000Z' }],
        }),
      )
      .thenFails('MEASURED_AFTER_REVIEW');
  });

  it('keeps the latest measure as the goal’s measured value', () => {
    const state = [...planned, caseReviewed].reduce(evolve, initialCaseState);
    expect(state.status !== 'initial' && state.plan?.goals['goal-housing']?.measuredValue).toBe(12);
  });

  it('needs a plan', () => {
    spec(assessed).when(review()).thenFails('PLAN_REQUIRED');
  });

  it('reviews every open goal', () => {
    spec(planned)
      .when(review({ goalReviews: [{ goalId: 'goal-housing', progress: 'in_progress' }] }))
      .thenFails('GOAL_REVIEW_MISSING');
  });

  it('reviews only open goals', () => {
    spec([...planned, moodAchieved])
      .when(review())
      .thenFails('GOAL_ALREADY_ACHIEVED');
    spec(planned)
      .when(
        review({ goalReviews: [...review().data.goalReviews, { goalId: 'goal-x', progress: 'stalled' }] }),
      )
      .thenFails('UNKNOWN_GOAL');
  });

  it('reviews each goal once', () => {
    spec(planned)
      .when(
        review({ goalReviews: [...review().data.goalReviews, { goalId: 'goal-mood', progress: 'stalled' }] }),
      )
      .thenFails('DUPLICATE_ID');
  });

  it('schedules the next review in the future', () => {
    spec(planned)
      .when(review({ nextReviewDate: TODAY }))
      .thenFails('NEXT_REVIEW_DATE_NOT_IN_FUTURE');
  });

  it('needs a summary', () => {
    spec(planned)
      .when(review({ summary: '' }))
      .thenFails('SUMMARY_REQUIRED');
  });
});
