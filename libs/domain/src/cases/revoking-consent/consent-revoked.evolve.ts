import { updateEntry } from '../../shared/records';
import type { ActiveCase } from '../case-state';
import type { ConsentRevoked } from './consent-revoked.event';

export const evolveConsentRevoked = (state: ActiveCase, event: ConsentRevoked): ActiveCase => ({
  ...state,
  consents: updateEntry(state.consents, event.data.consentId, (consent) => ({
    ...consent,
    revokedAt: event.occurredAt,
  })),
});
