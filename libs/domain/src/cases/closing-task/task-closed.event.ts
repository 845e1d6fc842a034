import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { TaskResolution } from '../vocabularies';

export type TaskClosed = CaseEventShape<
  'TaskClosed',
  {
    /** The task it closes. */
    readonly taskId: string;
    /** completed or cancelled. */
    readonly resolution: TaskResolution;
  },
  {
    /** The worker's note (why it was cancelled, what was done); empty when not said. */
    readonly note: string;
  }
>;

/** The category of each field of TaskClosed (rules: `../sensitivity.ts`). */
export const TASK_CLOSED_SENSITIVITY: EventSensitivity = {
  data: {
    taskId: 'case_record',
    resolution: 'case_record',
  },
  pii: {
    note: CLIENT_FREE_TEXT,
  },
};
