import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/tasks/:taskId/completion and /cancellation: closing a task', () => {
  const api = embeddedApi();

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/tasks/task-1/completion',
    given: () => [steps.tasked()],
    body: () => ({ note: 'Sent by post.' }),
    event: 'TaskClosed',
    refused: personas.auditor,
    shows: { tasks: { 'task-1': { status: 'completed' } } },
    invalid: { occurredAt: ['matches', { occurredAt: 'yesterday' }] },
    rules: {
      UNKNOWN_TASK: { path: '/cases/:caseId/tasks/task-9/completion', body: {} },
      TASK_ALREADY_CLOSED: {
        given: () => [
          steps.tasked(),
          { ...steps.tasked(), path: '/cases/:caseId/tasks/task-1/cancellation', body: {} },
        ],
        body: {},
      },
    },
  });
});
