import type { EventSensitivity } from '../../shared/sensitivity';
import type { CaseEventShape } from '../values';
import { CLIENT_FREE_TEXT } from '../protective-categories';

/** The client withdrew a consent: from this event's occurredAt on it covers nothing. */
export type ConsentRevoked = CaseEventShape<
  'ConsentRevoked',
  {
    /** The consent revoked (`ConsentGranted.consentId`). */
    readonly consentId: string;
  },
  {
    /** Why, as the client or worker gave it. */
    readonly reason: string;
  }
>;

export const CONSENT_REVOKED_SENSITIVITY: EventSensitivity = {
  data: { consentId: 'case_record' },
  // Free text written about the client: the category every such passage takes.
  pii: { reason: CLIENT_FREE_TEXT },
};
