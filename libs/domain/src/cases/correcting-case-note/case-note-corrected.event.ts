import type { CaseEventShape } from '../values';

export type CaseNoteCorrected = CaseEventShape<
  'CaseNoteCorrected',
  { readonly correctionId: string; readonly correctsContactId: string },
  { readonly correctedSummary: string; readonly reason: string }
>;
