import { updateEntry } from '../../shared/records';
import type { ReferralStatusChanged } from './referral-status-changed.event';
import type { ActiveCase } from '../case-state';

export const evolveReferralStatusChanged = (state: ActiveCase, event: ReferralStatusChanged): ActiveCase => ({
  ...state,
  referrals: updateEntry(state.referrals, event.data.referralId, (referral) => ({
    ...referral,
    status: event.data.to,
  })),
});
