import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { ReferralStatus } from '../vocabularies';

export type ReferralStatusChanged = CaseEventShape<
  'ReferralStatusChanged',
  {
    /** The referral (`ReferralMade.referralId`). */
    readonly referralId: string;
    /**
     * Its status before: `made` for a referral not yet answered. The allowed moves: made -> accepted,
     * declined or withdrawn; accepted -> service_started, no_show or withdrawn; service_started ->
     * completed or withdrawn. declined, completed, no_show and withdrawn are final (a new referral
     * replaces it, naming it in `replacesReferralId`).
     */
    readonly from: ReferralStatus | 'made';
    /** Its status after: one of the moves `from` allows. */
    readonly to: ReferralStatus;
  },
  {
    /** The worker's note on the change. */
    readonly note: string;
  }
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
