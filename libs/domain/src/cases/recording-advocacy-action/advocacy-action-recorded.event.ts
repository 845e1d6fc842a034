import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
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

/** The category of each field of AdvocacyActionRecorded (rules: `../sensitivity.ts`). */
export const ADVOCACY_ACTION_RECORDED_SENSITIVITY: EventSensitivity = {
  data: {
    actionId: 'case_record',
    actionType: 'services_referrals',
    // A court, an immigration office or a benefits office: the stricter reading, legal matters.
    targetOrganisation: 'legal_immigration',
    outcome: 'services_referrals',
    'goalIds[]': 'case_record',
  },
  pii: {
    summary: CLIENT_FREE_TEXT,
  },
};
