import type { EventSensitivity } from '../../shared/sensitivity';
import type { CaseEventShape } from '../values';

/** The client withdrew a consent: from this event's occurredAt on it covers nothing. */
export type ConsentRevoked = CaseEventShape<
  'ConsentRevoked',
  { readonly consentId: string },
  { readonly reason: string }
>;

export const CONSENT_REVOKED_SENSITIVITY: EventSensitivity = {
  data: { consentId: 'case_record' },
  // Free text written about the client: it goes with who they are, never with the record's facts
  // (to be aligned with the category the other events' notes get).
  pii: { reason: 'identity' },
};
