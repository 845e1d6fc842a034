import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT, GOAL_FACT_WITHOUT_DOMAIN } from '../protective-categories';
import type { CaseEventShape, Descriptions, GoalTarget, Milestone } from '../values';
import type { AssessmentDomain, ServiceType } from '../vocabularies';

export interface PlannedGoal {
  readonly goalId: string;
  readonly domain: AssessmentDomain;
  readonly needIds: readonly string[];
  readonly target: GoalTarget;
  /** YYYY-MM-DD */
  readonly dueDate: string;
  readonly milestones: readonly Milestone[];
}

export interface GoalRevision {
  readonly goalId: string;
  readonly target?: GoalTarget;
  readonly dueDate?: string;
}

export interface PlannedService {
  readonly serviceType: ServiceType;
  readonly providerId?: string;
  readonly goalIds: readonly string[];
}

export type PlanAmended = CaseEventShape<
  'PlanAmended',
  {
    /** 1 for the first plan; every later change is a further, numbered amendment. */
    readonly amendmentNumber: number;
    readonly goalsAdded: readonly PlannedGoal[];
    readonly goalsRevised: readonly GoalRevision[];
    readonly goalsDropped: readonly string[];
    readonly services: readonly PlannedService[];
    /** YYYY-MM-DD */
    readonly nextReviewDate: string;
  },
  { readonly reason: string; readonly descriptions: Descriptions }
>;

/** The category of each field of PlanAmended (rules: `../sensitivity.ts`). */
export const PLAN_AMENDED_SENSITIVITY: EventSensitivity = {
  data: {
    amendmentNumber: 'case_record',
    'goalsAdded[].goalId': 'case_record',
    'goalsAdded[].domain': { byDomainAt: 'goalsAdded[].domain' },
    'goalsAdded[].needIds[]': 'case_record',
    'goalsAdded[].target.metric': { byDomainAt: 'goalsAdded[].domain' },
    'goalsAdded[].target.value': { byDomainAt: 'goalsAdded[].domain' },
    'goalsAdded[].target.unit': { byDomainAt: 'goalsAdded[].domain' },
    'goalsAdded[].dueDate': 'case_record',
    'goalsAdded[].milestones[].milestoneId': 'case_record',
    'goalsAdded[].milestones[].dueDate': 'case_record',
    'goalsRevised[].goalId': 'case_record',
    // A revision does not repeat the goal's domain.
    'goalsRevised[].target.metric': GOAL_FACT_WITHOUT_DOMAIN,
    'goalsRevised[].target.value': GOAL_FACT_WITHOUT_DOMAIN,
    'goalsRevised[].target.unit': GOAL_FACT_WITHOUT_DOMAIN,
    'goalsRevised[].dueDate': 'case_record',
    'goalsDropped[]': 'case_record',
    'services[].serviceType': 'services_referrals',
    'services[].providerId': 'services_referrals',
    'services[].goalIds[]': 'case_record',
    nextReviewDate: 'case_record',
  },
  pii: {
    reason: CLIENT_FREE_TEXT,
    'descriptions.*': CLIENT_FREE_TEXT,
  },
};
