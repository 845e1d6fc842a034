import type { CaseEventShape } from '../values';
import type { AdvocacyActionType, AdvocacyOutcome } from '../vocabularies';

export type AdvocacyActionRecorded = CaseEventShape<
  'AdvocacyActionRecorded',
  {
    readonly actionId: string;
    readonly actionType: AdvocacyActionType;
    /** The organisation the action was taken towards (a benefits office, a court...). */
    readonly targetOrganisation: string;
    readonly outcome: AdvocacyOutcome;
    readonly goalIds: readonly string[];
  },
  { readonly summary: string }
>;
