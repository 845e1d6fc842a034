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
    /** The consent's id: later narrowings and a revocation name it. */
    readonly consentId: string;
    /** The partner organisation (its service account's organisation id). */
    readonly partnerId: string;
    /** The information categories the partner may receive: non-empty, without duplicates. */
    readonly categories: readonly InformationCategory[];
    /** What the disclosures are for. */
    readonly purpose: ConsentPurpose;
    /** From when it covers (ISO-8601 instant); the grant's occurredAt unless given. */
    readonly from: string;
    /** Until when (exclusive), an ISO-8601 instant; null for no end. */
    readonly until: string | null;
  },
  {
    /** The worker's note on the consent (how and where it was given). */
    readonly note: string;
  }
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
