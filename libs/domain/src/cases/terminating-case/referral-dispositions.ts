import { withEntry, type IdRecord } from '../../shared/records';
import type { ActiveCase, ReferralLifecycleStatus, ReferralState } from '../case-state';
import type { ReferralDispositionValue } from './case-terminated.event';

/** Statuses in which the provider may still deliver: the referral is open. */
export const OPEN_REFERRAL_STATUSES: readonly ReferralLifecycleStatus[] = [
  'made',
  'accepted',
  'service_started',
];

/** Open: still in an open status, and not closed with the case at an earlier closing. */
export const isOpenReferral = (referral: ReferralState): boolean =>
  OPEN_REFERRAL_STATUSES.includes(referral.status) && referral.disposition !== 'closed_at_termination';

export const openReferralIds = (active: Pick<ActiveCase, 'referrals'>): readonly string[] =>
  Object.entries(active.referrals)
    .filter(([, referral]) => isOpenReferral(referral))
    .map(([referralId]) => referralId);

/**
 * The referrals after a closing: each open one takes the disposition the closing names, and one it
 * does not name (a closing recorded before dispositions, CaseTerminated v1) is closed with the case.
 */
export const withDispositions = (
  referrals: IdRecord<ReferralState>,
  named: readonly { readonly referralId: string; readonly disposition: ReferralDispositionValue }[],
): { referrals: IdRecord<ReferralState>; dispositions: IdRecord<ReferralDispositionValue> } => {
  let next = referrals;
  let dispositions: IdRecord<ReferralDispositionValue> = {};
  for (const [referralId, referral] of Object.entries(referrals)) {
    if (!isOpenReferral(referral)) continue;
    const disposition =
      named.find((item) => item.referralId === referralId)?.disposition ?? 'closed_at_termination';
    next = withEntry(next, referralId, { ...referral, disposition });
    dispositions = withEntry(dispositions, referralId, disposition);
  }
  return { referrals: next, dispositions };
};
