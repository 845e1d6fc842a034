import type { CaseEventShape } from '../values';

export type CaseTransferred = CaseEventShape<
  'CaseTransferred',
  { readonly fromCaseManagerId: string; readonly toCaseManagerId: string },
  { readonly reason: string }
>;
