import type { CaseEventShape } from '../values';

export type CaseReopened = CaseEventShape<
  'CaseReopened',
  { readonly caseManagerId: string | null },
  { readonly reason: string }
>;
