import type { CommandMetadata } from '../../shared/metadata';
import type { InformationCategory } from '../../shared/sensitivity';
import { instant, toUtc } from '../../shared/time';
import { caseError } from '../case-errors';
import { occurredAtFor, requireCase, requireInstant } from '../case-rules';
import type { CaseState } from '../case-state';
import { requireLiveConsent, requireNotExpired } from '../consent-rules';
import { requireCategories } from '../granting-consent/grant-consent.command';
import type { ConsentNarrowed } from './consent-narrowed.event';

export interface NarrowConsent {
  readonly type: 'NarrowConsent';
  readonly caseId: string;
  readonly data: {
    readonly consentId: string;
    /** What it covers from now on: within what it covers now. */
    readonly categories: readonly InformationCategory[];
    /** A new, earlier end. */
    readonly until?: string | null;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

/**
 * A narrowing only ever covers less, from its time on: fewer categories or an earlier end (or
 * both). Widening is a new grant, so that what was allowed when is always read off the grants.
 * A closed case may still be narrowed: the client's say over their information outlives the work.
 */
export const narrowConsent = (command: NarrowConsent, state: CaseState): readonly ConsentNarrowed[] => {
  const active = requireCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  const consent = requireLiveConsent(active, data.consentId);
  requireNotExpired(consent, data.consentId, occurredAt);
  const categories = requireCategories(data.categories, 'categories');
  const notANarrowing = (why: string, details: Readonly<Record<string, unknown>>): Error =>
    caseError('NOT_A_NARROWING', `Consent ${data.consentId}: ${why}`, {
      consentId: data.consentId,
      ...details,
    });
  const added = categories.filter((category) => !consent.categories.includes(category));
  if (added.length > 0) {
    throw notANarrowing('a narrowing cannot add categories; grant a new consent', {
      field: 'categories',
      added,
    });
  }
  const until =
    data.until === undefined || data.until === null ? null : toUtc(requireInstant(data.until, 'until'));
  if (until !== null) {
    if (consent.until !== null && instant(until) >= instant(consent.until)) {
      throw notANarrowing(`until may only move earlier than ${consent.until}`, {
        field: 'until',
        until,
        currentUntil: consent.until,
      });
    }
    // Ending it before now would take back what it allowed in the past; the past stays as it was.
    if (instant(until) < instant(occurredAt)) {
      throw notANarrowing('until cannot be before the narrowing itself; revoke it to stop now', {
        field: 'until',
        until,
        occurredAt,
      });
    }
    if (instant(until) <= instant(consent.from)) {
      throw caseError('UNTIL_BEFORE_FROM', `until ${until} must be after from ${consent.from}`, {
        field: 'until',
        from: consent.from,
        until,
      });
    }
  }
  if (categories.length === consent.categories.length && until === null) {
    throw notANarrowing('it covers the same categories until the same end', { field: 'categories' });
  }
  return [
    { type: 'ConsentNarrowed', occurredAt, data: { consentId: data.consentId, categories, until }, pii: {} },
  ];
};
