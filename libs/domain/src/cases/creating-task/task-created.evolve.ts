import { withEntry } from '../../shared/records';
import type { ActiveCase } from '../case-state';
import type { TaskCreated } from './task-created.event';

export const evolveTaskCreated = (state: ActiveCase, event: TaskCreated): ActiveCase => ({
  ...state,
  tasks: withEntry(state.tasks, event.data.taskId, {
    status: 'open',
    ownerId: event.data.ownerId,
    dueAt: event.data.dueAt,
    goalIds: event.data.goalIds,
    closedAt: null,
    remindedAt: null,
  }),
});
