import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/goals/:goalId/progress: recording goal progress', () => {
  const api = embeddedApi();
  const planned = () => [steps.assessed(), steps.planned()];

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/goals/goal-1/progress',
    given: planned,
    body: () => ({ progress: 'partially_met', measuredValue: 0.5 }),
    event: 'GoalProgressRecorded',
    refused: personas.auditor,
    shows: { plan: { goals: { 'goal-1': { progress: 'partially_met', measuredValue: 0.5 } } } },
    invalid: { progress: ['isIn', { progress: 'nearly' }] },
    rules: {
      UNKNOWN_GOAL: { path: '/cases/:caseId/goals/goal-9/progress', body: { progress: 'in_progress' } },
      GOAL_ALREADY_ACHIEVED: {
        given: () => [...planned(), steps.goalAchieved()],
        body: { progress: 'stalled' },
      },
    },
  });
});
