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
