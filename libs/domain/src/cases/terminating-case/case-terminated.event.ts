import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT, GOAL_FACT_WITHOUT_DOMAIN } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { ClosingReason, GoalOutcome, ServiceType } from '../vocabularies';

export interface GoalClosingOutcome {
  readonly goalId: string;
  readonly outcome: GoalOutcome;
}

export interface OngoingSupport {
  readonly serviceType: ServiceType;
  readonly providerId?: string;
}

export type CaseTerminated = CaseEventShape<
  'CaseTerminated',
  {
    readonly reason: ClosingReason;
    readonly goalOutcomes: readonly GoalClosingOutcome[];
    readonly ongoingSupports: readonly OngoingSupport[];
  },
  { readonly summary: string }
>;

/** The category of each field of CaseTerminated (rules: `../sensitivity.ts`). */
export const CASE_TERMINATED_SENSITIVITY: EventSensitivity = {
  data: {
    reason: 'case_record',
    'goalOutcomes[].goalId': 'case_record',
    'goalOutcomes[].outcome': GOAL_FACT_WITHOUT_DOMAIN,
    'ongoingSupports[].serviceType': 'services_referrals',
    'ongoingSupports[].providerId': 'services_referrals',
  },
  pii: {
    summary: CLIENT_FREE_TEXT,
  },
};
