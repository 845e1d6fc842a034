import type { CaseEventShape } from '../values';

export type CaseAssigned = CaseEventShape<
  'CaseAssigned',
  { readonly caseManagerId: string },
  Record<string, never>
>;
