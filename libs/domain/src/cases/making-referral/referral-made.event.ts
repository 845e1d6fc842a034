import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { CodeCategory } from '../../vocabularies/vocabulary-kinds';
import type { ServiceTypeCode } from '../vocabularies';

export type ReferralMade = CaseEventShape<
  'ReferralMade',
  {
    /** The referral's id, unique within the case; ReferralStatusChanged names it. */
    readonly referralId: string;
    /** The provider referred to (an organisation id). */
    readonly providerId: string;
    /** The kind of service asked for: a code of the agency's service types in force when it was made. */
    readonly serviceType: ServiceTypeCode;
    /**
     * The consent category the service type carried when the referral was made (v2; a v1 referral
     * takes its built-in type's category through the upcaster): who may learn of the referral is
     * decided on this, never on today's vocabulary.
     */
    readonly serviceCategory: CodeCategory;
    /** The plan's goals the referral serves. */
    readonly goalIds: readonly string[];
    /** Set when this referral replaces a declined, withdrawn or no-show one. */
    readonly replacesReferralId: string | null;
    /** The household member the referral is for (v2); absent when it is for the client. */
    readonly memberId?: string;
  },
  {
    /** The worker's note on the referral. */
    readonly note: string;
  }
>;

/** The category of each field of ReferralMade (rules: `../sensitivity.ts`). */
export const REFERRAL_MADE_SENSITIVITY: EventSensitivity = {
  data: {
    referralId: 'case_record',
    providerId: 'services_referrals',
    serviceType: 'services_referrals',
    serviceCategory: 'services_referrals',
    'goalIds[]': 'case_record',
    replacesReferralId: 'case_record',
    memberId: 'case_record',
  },
  pii: {
    note: CLIENT_FREE_TEXT,
  },
};
