import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/goals/:goalId/milestones/:milestoneId/met: meeting a milestone', () => {
  const api = embeddedApi();

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/goals/goal-1/milestones/milestone-1/met',
    given: () => [steps.assessed(), steps.planned()],
    body: () => ({ note: 'Application submitted' }),
    event: 'MilestoneMet',
    refused: personas.auditor,
    shows: {
      plan: {
        goals: {
          'goal-1': {
            milestones: [
              { milestoneId: 'milestone-1', dueDate: expect.any(String), metAt: expect.any(String) },
            ],
          },
        },
      },
    },
    invalid: { metAt: ['isIso8601', { metAt: 'yesterday' }] },
    rules: {
      PLAN_REQUIRED: { given: () => [steps.assessed()], body: {} },
      UNKNOWN_MILESTONE: { path: '/cases/:caseId/goals/goal-1/milestones/milestone-9/met', body: {} },
      MILESTONE_ALREADY_MET: {
        given: () => [
          steps.assessed(),
          steps.planned(),
          {
            as: personas.caseManager,
            path: '/cases/:caseId/goals/goal-1/milestones/milestone-1/met',
            body: {},
          },
        ],
        body: {},
      },
      GOAL_ALREADY_ACHIEVED: {
        given: () => [steps.assessed(), steps.planned(), steps.goalAchieved()],
        body: {},
      },
    },
  });
});
