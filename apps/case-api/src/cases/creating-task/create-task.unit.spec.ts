import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/tasks: creating a task', () => {
  const api = embeddedApi();
  const task = (overrides: Record<string, unknown> = {}) => ({ ...steps.tasked().body, ...overrides });

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/tasks',
    given: () => [],
    body: task,
    event: 'TaskCreated',
    refused: personas.auditor,
    shows: { tasks: { 'task-1': { status: 'open', ownerId: personas.caseManager.id } } },
    invalid: { dueAt: ['matches', task({ dueAt: 'friday' })] },
    rules: {
      TASK_ALREADY_EXISTS: { given: () => [steps.tasked()], body: task() },
      UNKNOWN_GOAL: { body: task({ goalIds: ['goal-9'] }) },
    },
  });
});
