import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/goals/:goalId/achievement: achieving a goal', () => {
  const api = embeddedApi();

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/goals/goal-1/achievement',
    given: () => [steps.assessed(), steps.planned()],
    body: () => steps.goalAchieved().body,
    event: 'GoalAchieved',
    refused: personas.auditor,
    shows: {
      plan: { goals: { 'goal-1': { status: 'achieved', measuredValue: 1, achievedAt: expect.any(String) } } },
    },
    invalid: { measuredValue: ['isNumber', { measuredValue: 'one' }] },
    rules: {
      PLAN_REQUIRED: { given: () => [steps.assessed()], body: { measuredValue: 1 } },
      GOAL_ALREADY_ACHIEVED: {
        given: () => [steps.assessed(), steps.planned(), steps.goalAchieved()],
        body: {},
      },
    },
  });
});
