import type { EventSensitivity, InformationCategory } from '../../shared/sensitivity';
import type { CaseEventShape } from '../values';
import type { ConsentPurpose } from '../vocabularies';
import { CLIENT_FREE_TEXT } from '../protective-categories';

/**
 * The client allowed one partner organisation to receive some categories of their information,
 * for one purpose, over a period. Later narrowings and a revocation change it from their time on;
 * the grant itself stays as given, so the consent can be read as it stood at any date.
 */
export type ConsentGranted = CaseEventShape<
  'ConsentGranted',
  {
    readonly consentId: string;
    /** The partner organisation (its service account's organisation id). */
    readonly partnerId: string;
    /** Non-empty, without duplicates. */
    readonly categories: readonly InformationCategory[];
    readonly purpose: ConsentPurpose;
    /** From when it covers (ISO-8601 instant); the grant's occurredAt unless given. */
    readonly from: string;
    /** Until when, exclusive; null for no end. */
    readonly until: string | null;
  },
  { readonly note: string }
>;

/** The grant itself names who may receive what: record facts; the note is the client's free text. */
export const CONSENT_GRANTED_SENSITIVITY: EventSensitivity = {
  data: {
    consentId: 'case_record',
    partnerId: 'case_record',
    'categories[]': 'case_record',
    purpose: 'case_record',
    from: 'case_record',
    until: 'case_record',
  },
  // Free text written about the client: the category every such passage takes.
  pii: { note: CLIENT_FREE_TEXT },
};
