import { updateEntry, withEntry } from '../../shared/records';
import type { ReferralMade } from './referral-made.event';
import type { ActiveCase } from '../case-state';

export const evolveReferralMade = (state: ActiveCase, event: ReferralMade): ActiveCase => {
  const { referralId, providerId, serviceType, serviceCategory, goalIds, replacesReferralId } = event.data;
  const withReplacedMarked =
    replacesReferralId === null
      ? state.referrals
      : updateEntry(state.referrals, replacesReferralId, (replaced) => ({
          ...replaced,
          replacedByReferralId: referralId,
        }));
  return {
    ...state,
    referrals: withEntry(withReplacedMarked, referralId, {
      status: 'made',
      serviceType,
      serviceCategory,
      providerId,
      goalIds,
      madeAt: event.occurredAt,
      replacesReferralId,
      replacedByReferralId: null,
      ...(event.data.memberId === undefined ? {} : { memberId: event.data.memberId }),
    }),
  };
};
