import { updateEntry } from '../../shared/records';
import type { ActiveCase } from '../case-state';
import type { TaskClosed } from './task-closed.event';

export const evolveTaskClosed = (state: ActiveCase, event: TaskClosed): ActiveCase => ({
  ...state,
  tasks: updateEntry(state.tasks, event.data.taskId, (task) => ({
    ...task,
    status: event.data.resolution,
    closedAt: event.occurredAt,
  })),
});
