import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { ServiceType } from '../vocabularies';

export type ReferralMade = CaseEventShape<
  'ReferralMade',
  {
    readonly referralId: string;
    readonly providerId: string;
    readonly serviceType: ServiceType;
    readonly goalIds: readonly string[];
    /** Set when this referral replaces a declined, withdrawn or no-show one. */
    readonly replacesReferralId: string | null;
  },
  { readonly note: string }
>;

/** The category of each field of ReferralMade (rules: `../sensitivity.ts`). */
export const REFERRAL_MADE_SENSITIVITY: EventSensitivity = {
  data: {
    referralId: 'case_record',
    providerId: 'services_referrals',
    serviceType: 'services_referrals',
    'goalIds[]': 'case_record',
    replacesReferralId: 'case_record',
  },
  pii: {
    note: CLIENT_FREE_TEXT,
  },
};
