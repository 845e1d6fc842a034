import {
  CASE_ID,
  caseTerminated,
  engaged,
  metadata,
  NOW,
  planned,
  spec,
  taskCreated,
} from '../../testing/fixtures';
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

  it('names each goal once', () => {
    spec(planned)
      .when(create({ goalIds: ['goal-housing', 'goal-housing'] }))
      .thenFails('DUPLICATE_ID');
  });

  it('has an owner: an unassigned case names one', () => {
    const unassigned = [{ ...engaged[0], data: { ...engaged[0].data, caseManagerId: null } }];
    spec(unassigned)
      .when(create({ goalIds: [] }))
      .thenFails('OWNER_REQUIRED');
  });

  it('is written within the case’s life', () => {
    spec(planned)
      .when(create({ occurredAt: '2025-02-28T09:00:00.000Z' }))
      .thenFails('OCCURRED_BEFORE_ENGAGEMENT');
    spec(planned)
      .when(create({ occurredAt: '2025-03-10T10:00:01.000Z' }))
      .thenFails('OCCURRED_IN_FUTURE');
  });

  it('is not created on a closed case', () => {
    spec([...planned, caseTerminated])
      .when(create())
      .thenFails('CASE_CLOSED');
  });
});
