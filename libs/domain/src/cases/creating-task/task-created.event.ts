import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';

export type TaskCreated = CaseEventShape<
  'TaskCreated',
  {
    /** The task's id, unique within the case; its closing and reminder name it. */
    readonly taskId: string;
    /** The user who is to do it. */
    readonly ownerId: string;
    /** When it is due (ISO-8601 instant, UTC); overdue is computed by readers against their own "now". */
    readonly dueAt: string;
    /** The plan's goals it serves. */
    readonly goalIds: readonly string[];
  },
  {
    /** What is to be done (e.g. "submit the housing application"): it can describe the client. */
    readonly title: string;
  }
>;

/** The category of each field of TaskCreated (rules: `../sensitivity.ts`). */
export const TASK_CREATED_SENSITIVITY: EventSensitivity = {
  data: {
    taskId: 'case_record',
    ownerId: 'case_record',
    dueAt: 'case_record',
    'goalIds[]': 'case_record',
  },
  pii: {
    title: CLIENT_FREE_TEXT,
  },
};
