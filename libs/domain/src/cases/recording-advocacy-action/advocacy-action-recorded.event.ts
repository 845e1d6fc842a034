import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { AdvocacyActionType, AdvocacyOutcome } from '../vocabularies';

export type AdvocacyActionRecorded = CaseEventShape<
  'AdvocacyActionRecorded',
  {
    /** The action's id, unique within the case. */
    readonly actionId: string;
    /** What kind of action it was. */
    readonly actionType: AdvocacyActionType;
    /** The organisation the action was taken towards (a benefits office, a court...), as the worker typed it. */
    readonly targetOrganisation: string;
    /** How it came out, so far. */
    readonly outcome: AdvocacyOutcome;
    /** The plan's goals the action serves. */
    readonly goalIds: readonly string[];
  },
  {
    /** What was done, in the worker's words. */
    readonly summary: string;
  }
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
