import type { CommandMetadata } from '../../shared/metadata';
import { hasEntry } from '../../shared/records';
import { INFORMATION_CATEGORIES, type InformationCategory } from '../../shared/sensitivity';
import { instant, toUtc } from '../../shared/time';
import { caseError } from '../case-errors';
import {
  occurredAtFor,
  requireDistinct,
  requireInstant,
  requireOneOf,
  requireOpenCase,
  requireText,
} from '../case-rules';
import type { CaseState } from '../case-state';
import { CONSENT_PURPOSES, type ConsentPurpose } from '../vocabularies';
import type { ConsentGranted } from './consent-granted.event';

export interface GrantConsent {
  readonly type: 'GrantConsent';
  readonly caseId: string;
  readonly data: {
    readonly consentId: string;
    readonly partnerId: string;
    readonly categories: readonly InformationCategory[];
    readonly purpose: ConsentPurpose;
    /** Defaults to when the consent was given. */
    readonly from?: string;
    readonly until?: string | null;
    readonly note?: string;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

export const requireCategories = (
  categories: readonly string[] | undefined,
  field: string,
): readonly InformationCategory[] => {
  if (categories === undefined || categories.length === 0) {
    throw caseError('CONSENT_CATEGORIES_REQUIRED', `${field} must name at least one category`, { field });
  }
  const known = categories.map((category) => requireOneOf(INFORMATION_CATEGORIES, category, field));
  requireDistinct(known, field);
  return known;
};

export const grantConsent = (command: GrantConsent, state: CaseState): readonly ConsentGranted[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  if (hasEntry(active.consents, data.consentId)) {
    throw caseError('CONSENT_ALREADY_EXISTS', `Consent ${data.consentId} already exists`, {
      consentId: data.consentId,
    });
  }
  const partnerId = requireText(data.partnerId, 'PARTNER_REQUIRED', 'partnerId');
  const categories = requireCategories(data.categories, 'categories');
  const purpose = requireOneOf(CONSENT_PURPOSES, data.purpose, 'purpose');
  const from = data.from === undefined ? occurredAt : toUtc(requireInstant(data.from, 'from'));
  const until =
    data.until === undefined || data.until === null ? null : toUtc(requireInstant(data.until, 'until'));
  if (until !== null && instant(until) <= instant(from)) {
    throw caseError('UNTIL_BEFORE_FROM', `until ${until} must be after from ${from}`, {
      field: 'until',
      from,
      until,
    });
  }
  return [
    {
      type: 'ConsentGranted',
      occurredAt,
      data: { consentId: data.consentId, partnerId, categories, purpose, from, until },
      pii: { note: data.note ?? '' },
    },
  ];
};
