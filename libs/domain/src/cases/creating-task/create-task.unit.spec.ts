import { CASE_ID, metadata, NOW, planned, spec, taskCreated } from '../../testing/fixtures';
import type { CreateTask } from './create-task.command';

const create = (data: Partial<CreateTask['data']> = {}): CreateTask => ({
  type: 'CreateTask',
  caseId: CASE_ID,
  data: {
    taskId: 'task-1',
    title: taskCreated.pii.title,
    dueAt: taskCreated.data.dueAt,
    goalIds: ['goal-housing'],
    ...data,
  },
  metadata: metadata(),
});

describe('CreateTask', () => {
  it('creates a task for the case manager, due at an instant', () => {
    spec(planned)
      .when(create())
      .then([{ ...taskCreated, occurredAt: NOW }]);
  });

  it('may be already overdue when written down', () => {
    spec(planned)
      .when(create({ dueAt: '2025-03-09T17:00:00.000Z', ownerId: 'cm-ben' }))
      .then([
        {
          ...taskCreated,
          occurredAt: NOW,
          data: { ...taskCreated.data, dueAt: '2025-03-09T17:00:00.000Z', ownerId: 'cm-ben' },
        },
      ]);
  });

  it('needs a title', () => {
    spec(planned)
      .when(create({ title: ' ' }))
      .thenFails('TITLE_REQUIRED');
  });

  it('needs a new id', () => {
    spec([...planned, taskCreated])
      .when(create())
      .thenFails('TASK_ALREADY_EXISTS');
  });

  it('is due at an instant', () => {
    spec(planned)
      .when(create({ dueAt: 'friday' }))
      .thenFails('INVALID_TIMESTAMP');
  });

  it('serves goals of the plan', () => {
    spec(planned)
      .when(create({ goalIds: ['goal-unknown'] }))
      .thenFails('UNKNOWN_GOAL');
  });
});
