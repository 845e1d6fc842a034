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
