import type { CommandMetadata } from '../../shared/metadata';
import { entry } from '../../shared/records';
import { caseError } from '../case-errors';
import type { CaseState } from '../case-state';
import { occurredAtFor, requireOneOf, requireOpenCase } from '../case-rules';
import { TASK_RESOLUTIONS, type TaskResolution } from '../vocabularies';
import type { TaskClosed } from './task-closed.event';

/** Completing and cancelling a task: one command, as both end it and neither can follow the other. */
export interface CloseTask {
  readonly type: 'CloseTask';
  readonly caseId: string;
  readonly data: {
    readonly taskId: string;
    readonly resolution: TaskResolution;
    readonly note?: string;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

export const closeTask = (command: CloseTask, state: CaseState): readonly TaskClosed[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  const task = entry(active.tasks, data.taskId);
  if (task === undefined) {
    throw caseError('UNKNOWN_TASK', `Task ${data.taskId} does not exist on this case`, {
      taskId: data.taskId,
    });
  }
  if (task.status !== 'open') {
    throw caseError('TASK_ALREADY_CLOSED', `Task ${data.taskId} is already ${task.status}`, {
      taskId: data.taskId,
      status: task.status,
    });
  }
  const resolution = requireOneOf(TASK_RESOLUTIONS, data.resolution, 'resolution');
  return [
    {
      type: 'TaskClosed',
      occurredAt,
      data: { taskId: data.taskId, resolution },
      pii: { note: data.note ?? '' },
    },
  ];
};
