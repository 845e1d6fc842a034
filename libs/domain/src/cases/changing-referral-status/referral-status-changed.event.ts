import type { CaseEventShape } from '../values';
import type { ReferralStatus } from '../vocabularies';

export type ReferralStatusChanged = CaseEventShape<
  'ReferralStatusChanged',
  { readonly referralId: string; readonly from: ReferralStatus | 'made'; readonly to: ReferralStatus },
  { readonly note: string }
>;
