import type { EventSensitivity } from '../../shared/sensitivity';
import type { CaseEventShape } from '../values';
import type { DueItemKind } from '../vocabularies';

/**
 * An appointment starts, or a task falls due, soon: the fact a downstream notifier acts on. At most
 * one per item (the decision refuses a second), so every process may try and only one succeeds.
 */
export type ItemDueSoon = CaseEventShape<
  'ItemDueSoon',
  {
    /** What is due: an appointment or a task. */
    readonly itemKind: DueItemKind;
    /** The appointment's or task's id. */
    readonly itemId: string;
    /** The appointment's start or the task's due time (ISO-8601 instant, UTC). */
    readonly dueAt: string;
    /** The worker to remind. */
    readonly ownerId: string;
  },
  Record<string, never>
>;

/** The category of each field of ItemDueSoon (rules: `../sensitivity.ts`). */
export const ITEM_DUE_SOON_SENSITIVITY: EventSensitivity = {
  data: {
    itemKind: 'case_record',
    itemId: 'case_record',
    dueAt: 'case_record',
    ownerId: 'case_record',
  },
  pii: {},
};
