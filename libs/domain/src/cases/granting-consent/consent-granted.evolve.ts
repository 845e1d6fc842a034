import { withEntry } from '../../shared/records';
import type { ActiveCase } from '../case-state';
import type { ConsentGranted } from './consent-granted.event';

/** The stream version of a stored event; null for a decision not yet stored. */
const versionOf = (event: ConsentGranted): number | null =>
  'version' in event && typeof event.version === 'number' ? event.version : null;

export const evolveConsentGranted = (state: ActiveCase, event: ConsentGranted): ActiveCase => {
  const { consentId, partnerId, categories, purpose, from, until } = event.data;
  return {
    ...state,
    consents: withEntry(state.consents, consentId, {
      partnerId,
      categories,
      purpose,
      from,
      until,
      revokedAt: null,
      grantedVersion: versionOf(event),
      terms: [{ since: null, categories, until }],
    }),
  };
};
