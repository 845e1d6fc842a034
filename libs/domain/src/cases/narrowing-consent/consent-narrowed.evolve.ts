import { updateEntry } from '../../shared/records';
import type { ActiveCase } from '../case-state';
import type { ConsentNarrowed } from './consent-narrowed.event';

/** The new terms apply from the narrowing's time on; the earlier ones stay for the instants before it. */
export const evolveConsentNarrowed = (state: ActiveCase, event: ConsentNarrowed): ActiveCase => {
  const { consentId, categories } = event.data;
  return {
    ...state,
    consents: updateEntry(state.consents, consentId, (consent) => {
      const until = event.data.until ?? consent.until;
      return {
        ...consent,
        categories,
        until,
        terms: [...consent.terms, { since: event.occurredAt, categories, until }],
      };
    }),
  };
};
