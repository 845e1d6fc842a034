import type { EventSensitivity } from '../../shared/sensitivity';
import type { CaseEventShape } from '../values';
import { CLIENT_FREE_TEXT } from '../protective-categories';

/** A safety flag no longer applies: from this event's occurredAt on it is inactive. */
export type SafetyFlagCleared = CaseEventShape<
  'SafetyFlagCleared',
  {
    /** The flag cleared (`SafetyFlagSet.flagId`). */
    readonly flagId: string;
    /** Who cleared it: the acting user of the command's metadata. */
    readonly clearedBy: string;
  },
  {
    /** Why it no longer applies, as the worker wrote it. */
    readonly reason: string;
  }
>;

/**
 * The flag's id is `safety`, not a record fact: a clearance alone says there was a safety flag,
 * so it must not go, as a record-only event would, to a partner not let see safety matters.
 */
export const SAFETY_FLAG_CLEARED_SENSITIVITY: EventSensitivity = {
  data: { flagId: 'safety', clearedBy: 'case_record' },
  pii: { reason: CLIENT_FREE_TEXT },
};
