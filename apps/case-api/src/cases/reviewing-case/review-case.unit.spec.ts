import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';
import { dayFromNow } from '../../../../../test/support/clock';

describe('POST /cases/:caseId/reviews: reviewing a case', () => {
  const api = embeddedApi();
  const review = (goalReviews: readonly unknown[]) => ({
    goalReviews,
    nextReviewDate: dayFromNow(90),
    summary: 'Voucher application in progress',
  });

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/reviews',
    given: () => [steps.assessed(), steps.planned()],
    body: () => review([{ goalId: 'goal-1', progress: 'in_progress' }]),
    event: 'CaseReviewed',
    refused: personas.auditor,
    shows: { reviewCount: 1, lastReviewedAt: expect.any(String), plan: { nextReviewDate: dayFromNow(90) } },
    invalid: { goalReviews: ['isArray', { nextReviewDate: dayFromNow(90), summary: 'Reviewed' }] },
    // Every open goal is reviewed.
    rules: { GOAL_REVIEW_MISSING: { body: review([]) } },
  });
});

describe('POST /cases/:caseId/reviews: a measured value per goal (CaseReviewed v2)', () => {
  const api = embeddedApi();
  const review = (goalMeasures: readonly unknown[]) => ({
    goalReviews: [{ goalId: 'goal-1', progress: 'in_progress' }],
    goalMeasures,
    nextReviewDate: dayFromNow(90),
    summary: 'Voucher application in progress',
  });

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/reviews',
    given: () => [steps.assessed(), steps.planned()],
    body: () => review([{ goalId: 'goal-1', value: 0.5 }]),
    event: 'CaseReviewed',
    refused: personas.auditor,
    shows: { plan: { goals: { 'goal-1': { measuredValue: 0.5 } } } },
    invalid: { 'goalMeasures.0.value': ['isNumber', review([{ goalId: 'goal-1', value: 'half' }])] },
    rules: {
      UNKNOWN_GOAL: { body: review([{ goalId: 'goal-9', value: 1 }]) },
      MEASURED_AFTER_REVIEW: {
        body: { ...review([{ goalId: 'goal-1', value: 1, measuredAt: '2999-01-01T00:00:00Z' }]) },
      },
    },
  });
});
