import type { EventSensitivity, InformationCategory } from '../../shared/sensitivity';
import type { CaseEventShape } from '../values';

/**
 * A consent covers less from this event's time on: fewer categories, or an earlier end. What it
 * covered before stays as it was (information shared then was shared under it).
 */
export type ConsentNarrowed = CaseEventShape<
  'ConsentNarrowed',
  {
    /** The consent narrowed (`ConsentGranted.consentId`). */
    readonly consentId: string;
    /** The categories it covers from now on: a strict subset of those it covered, or all of them with an earlier `until`. */
    readonly categories: readonly InformationCategory[];
    /** The new end (exclusive), an ISO-8601 instant earlier than the one before; null when the end does not change. */
    readonly until: string | null;
  },
  Record<string, never>
>;

export const CONSENT_NARROWED_SENSITIVITY: EventSensitivity = {
  data: { consentId: 'case_record', 'categories[]': 'case_record', until: 'case_record' },
  pii: {},
};
