import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT, GOAL_FACT_WITHOUT_DOMAIN } from '../protective-categories';
import type { CaseEventShape, Descriptions, GoalTarget, Milestone } from '../values';
import type { CodeCategory } from '../../vocabularies/vocabulary-kinds';
import type { NeedDomainCode, ServiceTypeCode } from '../vocabularies';

export interface PlannedGoal {
  /** The goal's id, unique within the case; later events (progress, achievement, closing) name it. */
  readonly goalId: string;
  /**
   * The assessment domain the goal is in, a code of the agency's need domains in force when it was
   * planned: its clinical fields take that domain's category.
   */
  readonly domain: NeedDomainCode;
  /**
   * The consent category the domain carried when the goal was planned (v2; a v1 amendment's goals
   * take their built-in domains' categories through the upcaster).
   */
  readonly category: CodeCategory;
  /** The needs (`NeedAssessed.needs[].needId`) the goal addresses. */
  readonly needIds: readonly string[];
  /** What counts as meeting the goal. */
  readonly target: GoalTarget;
  /** When the goal should be met: a calendar date, YYYY-MM-DD. */
  readonly dueDate: string;
  /** Intermediate steps towards the goal, each with its own due date. */
  readonly milestones: readonly Milestone[];
  /** The household member the goal concerns (v2); absent when it is the client's own. */
  readonly memberId?: string;
}

export interface GoalRevision {
  /** The goal revised: one already in the plan, neither achieved nor dropped. */
  readonly goalId: string;
  /** Its new target; absent when the target does not change. */
  readonly target?: GoalTarget;
  /** Its new due date, a calendar date (YYYY-MM-DD); absent when the date does not change. */
  readonly dueDate?: string;
  /** Milestones added to the goal (v2), each new to it, before its (new) due date. */
  readonly milestonesAdded?: readonly Milestone[];
}

export interface PlannedService {
  /** The kind of service planned: a code of the agency's service types in force when it was planned. */
  readonly serviceType: ServiceTypeCode;
  /**
   * The consent category the service type carried when it was planned (v2; a v1 amendment's
   * services take their built-in types' categories through the upcaster).
   */
  readonly serviceCategory: CodeCategory;
  /** The provider (an organisation id) when one is chosen. */
  readonly providerId?: string;
  /** The goals the service serves. */
  readonly goalIds: readonly string[];
}

export type PlanAmended = CaseEventShape<
  'PlanAmended',
  {
    /**
     * 1 for the first plan; every later change is a further, numbered amendment (counted by the
     * case, one more than the last).
     * @asType integer
     * @minimum 1
     */
    readonly amendmentNumber: number;
    /** Goals new in the plan. */
    readonly goalsAdded: readonly PlannedGoal[];
    /** Goals already in the plan whose target or due date changes. */
    readonly goalsRevised: readonly GoalRevision[];
    /** The ids of goals taken out of the plan; they take no progress or outcome afterwards. */
    readonly goalsDropped: readonly string[];
    /** The services the plan now lists (the whole list, not a change to it). */
    readonly services: readonly PlannedService[];
    /** When the plan is next to be reviewed: a calendar date, YYYY-MM-DD. */
    readonly nextReviewDate: string;
  },
  {
    /** Why the plan was made or changed, in the worker's words. */
    readonly reason: string;
    /** Free-text descriptions of the goals and milestones, by their ids. */
    readonly descriptions: Descriptions;
  }
>;

/** The category of each field of PlanAmended (rules: `../sensitivity.ts`). */
export const PLAN_AMENDED_SENSITIVITY: EventSensitivity = {
  data: {
    amendmentNumber: 'case_record',
    'goalsAdded[].goalId': 'case_record',
    'goalsAdded[].domain': { byDomainAt: 'goalsAdded[].domain' },
    'goalsAdded[].category': { byDomainAt: 'goalsAdded[].domain' },
    'goalsAdded[].needIds[]': 'case_record',
    'goalsAdded[].target.metric': { byDomainAt: 'goalsAdded[].domain' },
    'goalsAdded[].target.value': { byDomainAt: 'goalsAdded[].domain' },
    'goalsAdded[].target.unit': { byDomainAt: 'goalsAdded[].domain' },
    'goalsAdded[].dueDate': 'case_record',
    'goalsAdded[].milestones[].milestoneId': 'case_record',
    'goalsAdded[].milestones[].dueDate': 'case_record',
    'goalsAdded[].memberId': 'case_record',
    'goalsRevised[].milestonesAdded[].milestoneId': 'case_record',
    'goalsRevised[].milestonesAdded[].dueDate': 'case_record',
    'goalsRevised[].goalId': 'case_record',
    // A revision does not repeat the goal's domain.
    'goalsRevised[].target.metric': GOAL_FACT_WITHOUT_DOMAIN,
    'goalsRevised[].target.value': GOAL_FACT_WITHOUT_DOMAIN,
    'goalsRevised[].target.unit': GOAL_FACT_WITHOUT_DOMAIN,
    'goalsRevised[].dueDate': 'case_record',
    'goalsDropped[]': 'case_record',
    'services[].serviceType': 'services_referrals',
    'services[].serviceCategory': 'services_referrals',
    'services[].providerId': 'services_referrals',
    'services[].goalIds[]': 'case_record',
    nextReviewDate: 'case_record',
  },
  pii: {
    reason: CLIENT_FREE_TEXT,
    'descriptions.*': CLIENT_FREE_TEXT,
  },
};
