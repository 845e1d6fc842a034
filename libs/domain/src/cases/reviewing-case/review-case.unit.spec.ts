import type { GoalAchieved } from '../achieving-goal/goal-achieved.event';
import { assessed, CASE_ID, metadata, NOW, planned, spec, TODAY } from '../../testing/fixtures';
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
          data: { reviewId: 'rev-1', goalReviews, nextReviewDate: '2025-05-10' },
          pii: { summary: 'Voucher approved; mood improving.' },
        },
      ]);
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
