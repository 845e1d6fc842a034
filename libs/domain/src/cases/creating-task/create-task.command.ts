import type { CommandMetadata } from '../../shared/metadata';
import { hasEntry } from '../../shared/records';
import { toUtc } from '../../shared/time';
import { caseError } from '../case-errors';
import type { CaseState } from '../case-state';
import { occurredAtFor, requireInstant, requireOpenCase, requireText } from '../case-rules';
import { requireLinks, requireOwner } from '../scheduling-appointment/appointment-links';
import type { TaskCreated } from './task-created.event';

export interface CreateTask {
  readonly type: 'CreateTask';
  readonly caseId: string;
  readonly data: {
    readonly taskId: string;
    readonly title: string;
    /** Defaults to the case manager holding the case. */
    readonly ownerId?: string;
    readonly dueAt: string;
    readonly goalIds?: readonly string[];
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

export const createTask = (command: CreateTask, state: CaseState): readonly TaskCreated[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  if (hasEntry(active.tasks, data.taskId)) {
    throw caseError('TASK_ALREADY_EXISTS', `Task ${data.taskId} already exists`, { taskId: data.taskId });
  }
  const title = requireText(data.title, 'TITLE_REQUIRED', 'title');
  // A due time already past is allowed: a task is often written down after it fell due.
  const dueAt = toUtc(requireInstant(data.dueAt, 'dueAt'));
  const goalIds = data.goalIds ?? [];
  requireLinks(active, goalIds, []);
  const ownerId = requireOwner(active, data.ownerId);
  return [
    {
      type: 'TaskCreated',
      occurredAt,
      data: { taskId: data.taskId, ownerId, dueAt, goalIds },
      pii: { title },
    },
  ];
};
