import {
  CASE_ID,
  caseTerminated,
  metadata,
  NOW,
  planned,
  spec,
  taskClosed,
  taskCreated,
} from '../../testing/fixtures';
import type { CloseTask } from './close-task.command';

const close = (data: Partial<CloseTask['data']> = {}): CloseTask => ({
  type: 'CloseTask',
  caseId: CASE_ID,
  data: { taskId: 'task-1', resolution: 'completed', ...data },
  metadata: metadata(),
});

const open = [...planned, taskCreated];

describe('CloseTask', () => {
  it('completes a task', () => {
    spec(open)
      .when(close())
      .then([{ ...taskClosed, occurredAt: NOW }]);
  });

  it('cancels a task, with a note', () => {
    spec(open)
      .when(close({ resolution: 'cancelled', note: 'Application no longer needed.' }))
      .then([
        {
          ...taskClosed,
          occurredAt: NOW,
          data: { taskId: 'task-1', resolution: 'cancelled' },
          pii: { note: 'Application no longer needed.' },
        },
      ]);
  });

  it('closes a task of this case', () => {
    spec(planned).when(close()).thenFails('UNKNOWN_TASK');
  });

  it('closes a task once', () => {
    spec([...open, taskClosed])
      .when(close({ resolution: 'cancelled' }))
      .thenFails('TASK_ALREADY_CLOSED');
  });

  it('is not closed on a closed case: it waits for the reopening', () => {
    spec([...open, caseTerminated])
      .when(close())
      .thenFails('CASE_CLOSED');
  });

  it('is not closed in the future', () => {
    spec(open)
      .when(close({ occurredAt: '2025-03-10T10:00:01.000Z' }))
      .thenFails('OCCURRED_IN_FUTURE');
  });

  it('knows the resolutions', () => {
    spec(open)
      .when(close({ resolution: 'forgotten' as never }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });
});
