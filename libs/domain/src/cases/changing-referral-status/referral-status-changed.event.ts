import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { ReferralStatus } from '../vocabularies';

export type ReferralStatusChanged = CaseEventShape<
  'ReferralStatusChanged',
  { readonly referralId: string; readonly from: ReferralStatus | 'made'; readonly to: ReferralStatus },
  { readonly note: string }
>;

/** The category of each field of ReferralStatusChanged (rules: `../sensitivity.ts`). */
export const REFERRAL_STATUS_CHANGED_SENSITIVITY: EventSensitivity = {
  data: {
    referralId: 'case_record',
    from: 'services_referrals',
    to: 'services_referrals',
  },
  pii: {
    note: CLIENT_FREE_TEXT,
  },
};
