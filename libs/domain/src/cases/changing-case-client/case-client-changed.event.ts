import type { EventSensitivity } from '../../shared/sensitivity';
import type { CaseEventShape } from '../values';
import { CLIENT_FREE_TEXT } from '../protective-categories';

/**
 * The case belongs to another client from here on: two records of one person were merged (the
 * duplicate's cases each take one). Nothing before it is rewritten: earlier events stay sealed
 * under the duplicate's data key, and are opened by the key id each one carries.
 */
export type CaseClientChanged = CaseEventShape<
  'CaseClientChanged',
  {
    /** The duplicate: the client the case was about until now. */
    readonly fromClientId: string;
    /** The survivor: the client the case is about from now on. */
    readonly toClientId: string;
    /** The merge this change is part of (one per duplicate, on every case of it). */
    readonly mergeId: string;
  },
  {
    /** Why the two records are one person, as the supervisor wrote it. */
    readonly reason: string;
  }
>;

export const CASE_CLIENT_CHANGED_SENSITIVITY: EventSensitivity = {
  data: { fromClientId: 'case_record', toClientId: 'case_record', mergeId: 'case_record' },
  pii: { reason: CLIENT_FREE_TEXT },
};
