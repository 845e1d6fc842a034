import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';
import { dayFromNow } from '../../../../../test/support/clock';

describe('POST /cases/:caseId/plan/amendments: making and amending the plan', () => {
  const api = embeddedApi();

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/plan/amendments',
    given: () => [steps.assessed()],
    body: () => steps.planned().body,
    event: 'PlanAmended',
    refused: personas.auditor,
    shows: {
      plan: {
        amendmentNumber: 1,
        nextReviewDate: dayFromNow(30),
        goals: { 'goal-1': { status: 'open', needIds: ['need-1'], dueDate: dayFromNow(60) } },
      },
    },
    invalid: { nextReviewDate: ['isIso8601', { nextReviewDate: 'next week', reason: 'First plan' }] },
    rules: {
      PLAN_WITHOUT_GOALS: { body: { nextReviewDate: dayFromNow(30), reason: 'First plan' } },
      GOAL_ALREADY_EXISTS: { given: () => [steps.assessed(), steps.planned()], body: steps.planned().body },
    },
  });
});
