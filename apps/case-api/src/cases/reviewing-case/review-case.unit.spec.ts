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
