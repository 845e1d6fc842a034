/**
 * Rules and readings shared by the consent slices: which consent a command names, and whether a
 * consent covered a category for a partner at an instant.
 */
import { entry } from '../shared/records';
import type { InformationCategory } from '../shared/sensitivity';
import { instant } from '../shared/time';
import { caseError } from './case-errors';
import type { ActiveCase, CaseState, ConsentState, ConsentTerms } from './case-state';

/** The consent a narrowing or revocation names: on this case and not revoked. */
export const requireLiveConsent = (active: ActiveCase, consentId: string): ConsentState => {
  const found = entry(active.consents, consentId);
  if (found === undefined) {
    throw caseError('UNKNOWN_CONSENT', `Consent ${consentId} is not on this case`, { consentId });
  }
  if (found.revokedAt !== null) {
    throw caseError('CONSENT_REVOKED', `Consent ${consentId} was revoked on ${found.revokedAt}`, {
      consentId,
      revokedAt: found.revokedAt,
    });
  }
  return found;
};

/** A consent that has run out covers nothing more, so there is nothing left to narrow or revoke. */
export const requireNotExpired = (consent: ConsentState, consentId: string, at: string): void => {
  if (consent.until !== null && instant(at) >= instant(consent.until)) {
    throw caseError('CONSENT_EXPIRED', `Consent ${consentId} ended on ${consent.until}`, {
      consentId,
      until: consent.until,
      occurredAt: at,
    });
  }
};

/** The terms in force at an instant: the grant's, or those of the latest narrowing made by then. */
export const termsAt = (consent: ConsentState, at: string): ConsentTerms => {
  const t = instant(at);
  let inForce = consent.terms[0]!;
  for (const terms of consent.terms) {
    if (terms.since === null || instant(terms.since) <= t) inForce = terms;
  }
  return inForce;
};

/** Whether one consent covered a category for its partner at an instant (from <= t < until, t < revokedAt). */
export const consentCovers = (consent: ConsentState, category: InformationCategory, at: string): boolean => {
  const t = instant(at);
  if (t < instant(consent.from)) return false;
  if (consent.revokedAt !== null && t >= instant(consent.revokedAt)) return false;
  const terms = termsAt(consent, at);
  if (terms.until !== null && t >= instant(terms.until)) return false;
  return terms.categories.includes(category);
};

/**
 * The consent under which a category of this case's information could go to a partner at an
 * instant, or null when none did. Only a consent naming that partner and that category counts:
 * there is no wildcard partner and no category implies another, which is what 42 CFR Part 2 asks
 * of substance-use records. When several did, the earliest granted is named, so the answer is stable.
 */
export const consentAt = (
  state: CaseState,
  partnerId: string,
  category: InformationCategory,
  at: string,
): string | null => {
  if (state.status === 'initial') return null;
  for (const [consentId, consent] of Object.entries(state.consents)) {
    if (consent.partnerId === partnerId && consentCovers(consent, category, at)) return consentId;
  }
  return null;
};
