import type { CommandMetadata } from '../../shared/metadata';
import { hasEntry } from '../../shared/records';
import { startOfDay } from '../../shared/time';
import { caseError } from '../case-errors';
import type { Descriptions, GoalTarget, Milestone } from '../values';
import { requireCode } from '../../vocabularies/vocabulary-catalog';
import type { VocabularyCatalog } from '../../vocabularies/vocabulary-kinds';
import type { GoalRevision, PlanAmended, PlannedGoal, PlannedService } from './plan-amended.event';
import type { ActiveCase, CaseState } from '../case-state';
import {
  isAfterDayOf,
  occurredAtFor,
  type HappenedOn,
  openGoalIds,
  requireCalendarDate,
  requireDateAfterDayOf,
  requireDistinct,
  requireNeedDomain,
  requireOpenCase,
  requireOpenGoal,
  requirePresentMember,
  requireText,
} from '../case-rules';

/** The first plan and every later change to it: each amendment is kept, numbered, with its reason. */
export interface AmendPlan {
  readonly type: 'AmendPlan';
  readonly caseId: string;
  readonly data: {
    /** Goals new in the plan; each keeps the category its domain carries now. */
    readonly goalsAdded?: readonly Omit<PlannedGoal, 'category'>[];
    readonly goalsRevised?: readonly GoalRevision[];
    readonly goalsDropped?: readonly string[];
    /** Services planned by this amendment, each for goals open once it applies. */
    readonly services?: readonly Omit<PlannedService, 'serviceCategory'>[];
    /** YYYY-MM-DD */
    readonly nextReviewDate: string;
    readonly reason: string;
    readonly descriptions?: Descriptions;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

const requireMeasurable = (target: GoalTarget, goalId: string): void => {
  const measurable =
    typeof target.metric === 'string' &&
    target.metric.trim() !== '' &&
    typeof target.unit === 'string' &&
    target.unit.trim() !== '' &&
    Number.isFinite(target.value);
  if (!measurable) {
    throw caseError(
      'GOAL_TARGET_NOT_MEASURABLE',
      `Goal ${goalId} needs a metric, a target value and a unit`,
      {
        goalId,
      },
    );
  }
};

/** Milestones fall between the amendment and the goal's due date, or they are not steps towards it. */
const requireMilestonesWithin = (
  milestones: readonly Milestone[],
  dueDate: string,
  day: HappenedOn,
  goalId: string,
): void => {
  requireDistinct(
    milestones.map((milestone) => milestone.milestoneId),
    `goal ${goalId} milestones`,
  );
  for (const milestone of milestones) {
    requireCalendarDate(milestone.dueDate, `milestone ${milestone.milestoneId} dueDate`);
    if (!isAfterDayOf(milestone.dueDate, day) || startOfDay(milestone.dueDate) > startOfDay(dueDate)) {
      throw caseError(
        'MILESTONE_OUT_OF_RANGE',
        `Milestone ${milestone.milestoneId} must fall before its goal is due`,
        {
          goalId,
          milestoneId: milestone.milestoneId,
          dueDate: milestone.dueDate,
          goalDueDate: dueDate,
        },
      );
    }
  }
};

const checkNewGoal = (
  active: ActiveCase,
  goal: Omit<PlannedGoal, 'category'>,
  day: HappenedOn,
  catalog: VocabularyCatalog | undefined,
): PlannedGoal => {
  if (active.plan !== null && hasEntry(active.plan.goals, goal.goalId)) {
    throw caseError('GOAL_ALREADY_EXISTS', `Goal ${goal.goalId} is already in the plan`, {
      goalId: goal.goalId,
    });
  }
  const { category } = requireNeedDomain(catalog, goal.domain, `goal ${goal.goalId} domain`);
  requireMeasurable(goal.target, goal.goalId);
  requireDateAfterDayOf(goal.dueDate, day, 'GOAL_DUE_DATE_NOT_IN_FUTURE', 'dueDate', {
    goalId: goal.goalId,
  });
  for (const needId of goal.needIds) {
    if (!hasEntry(active.assessments.needs, needId)) {
      throw caseError(
        'UNKNOWN_NEED',
        `Goal ${goal.goalId} refers to need ${needId}, which was never assessed`,
        {
          goalId: goal.goalId,
          needId,
        },
      );
    }
  }
  requireMilestonesWithin(goal.milestones, goal.dueDate, day, goal.goalId);
  return { ...goal, category };
};

const checkMember = (
  active: ActiveCase,
  goal: Omit<PlannedGoal, 'category'>,
  index: number,
  day: HappenedOn,
): void => {
  if (goal.memberId !== undefined) {
    requirePresentMember(active, goal.memberId, day.occurredAt, `goalsAdded[${index}].memberId`);
  }
};

const checkRevision = (active: ActiveCase, revision: GoalRevision, day: HappenedOn): void => {
  const goal = requireOpenGoal(active.plan, revision.goalId);
  const added = revision.milestonesAdded ?? [];
  if (revision.target === undefined && revision.dueDate === undefined && added.length === 0) {
    throw caseError('EMPTY_GOAL_REVISION', `The revision of goal ${revision.goalId} changes nothing`, {
      goalId: revision.goalId,
    });
  }
  if (revision.target !== undefined) requireMeasurable(revision.target, revision.goalId);
  if (revision.dueDate !== undefined) {
    requireDateAfterDayOf(revision.dueDate, day, 'GOAL_DUE_DATE_NOT_IN_FUTURE', 'dueDate', {
      goalId: revision.goalId,
    });
    requireMilestonesWithin(goal.milestones, revision.dueDate, day, revision.goalId);
  }
  // New milestones fall after this amendment and before the goal is due; ids stay distinct within it.
  if (added.length > 0) {
    requireDistinct(
      [...goal.milestones, ...added].map((m) => m.milestoneId),
      `goal ${revision.goalId} milestones`,
    );
    requireMilestonesWithin(added, revision.dueDate ?? goal.dueDate, day, revision.goalId);
  }
};

/** Each service's type is any code in force; the event keeps the category it carries now. */
const checkServices = (
  services: readonly Omit<PlannedService, 'serviceCategory'>[],
  openAfter: ReadonlySet<string>,
  catalog: VocabularyCatalog | undefined,
): readonly PlannedService[] =>
  services.map((service, index) => {
    const type = requireCode(catalog, 'service_type', service.serviceType, `services[${index}].serviceType`);
    for (const goalId of service.goalIds) {
      if (!openAfter.has(goalId)) {
        throw caseError(
          'UNKNOWN_GOAL',
          `services[${index}] serves goal ${goalId}, which is not open in the plan`,
          {
            goalId,
          },
        );
      }
    }
    return { ...service, serviceCategory: type.category ?? 'services_referrals' };
  });

export const amendPlan = (command: AmendPlan, state: CaseState): readonly PlanAmended[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  if (active.assessments.count === 0) {
    throw caseError(
      'ASSESSMENT_REQUIRED',
      'A plan answers an assessment: assess the client’s needs first',
      {},
    );
  }
  const goalsAdded = data.goalsAdded ?? [];
  const goalsRevised = data.goalsRevised ?? [];
  const goalsDropped = data.goalsDropped ?? [];
  const services = data.services ?? [];
  if (active.plan === null && goalsAdded.length === 0) {
    throw caseError('PLAN_WITHOUT_GOALS', 'The first plan sets at least one goal', {});
  }
  const changesSomething =
    goalsAdded.length + goalsRevised.length + goalsDropped.length + services.length > 0 ||
    data.nextReviewDate !== active.plan?.nextReviewDate;
  if (!changesSomething) {
    throw caseError('PLAN_AMENDMENT_EMPTY', 'An amendment must change the plan', {});
  }
  const reason = requireText(data.reason, 'REASON_REQUIRED', 'reason');
  // One amendment says one thing about each goal.
  requireDistinct(
    [
      ...goalsAdded.map((goal) => goal.goalId),
      ...goalsRevised.map((revision) => revision.goalId),
      ...goalsDropped,
    ],
    'goals',
  );
  // Against the day the plan was agreed, not the day it is typed in: history can be entered late.
  const day: HappenedOn = { occurredAt, timeZone: metadata.timeZone };
  const goalsPlanned = goalsAdded.map((goal) => checkNewGoal(active, goal, day, metadata.vocabulary));
  goalsAdded.forEach((goal, index) => checkMember(active, goal, index, day));
  goalsRevised.forEach((revision) => checkRevision(active, revision, day));
  goalsDropped.forEach((goalId) => requireOpenGoal(active.plan, goalId));
  const dropped = new Set(goalsDropped);
  const plannedServices = checkServices(
    services,
    new Set([
      ...openGoalIds(active.plan).filter((id) => !dropped.has(id)),
      ...goalsAdded.map((goal) => goal.goalId),
    ]),
    metadata.vocabulary,
  );
  requireDateAfterDayOf(data.nextReviewDate, day, 'NEXT_REVIEW_DATE_NOT_IN_FUTURE', 'nextReviewDate');
  return [
    {
      type: 'PlanAmended',
      occurredAt,
      data: {
        amendmentNumber: (active.plan?.amendmentNumber ?? 0) + 1,
        goalsAdded: goalsPlanned,
        goalsRevised,
        goalsDropped,
        services: plannedServices,
        nextReviewDate: data.nextReviewDate,
      },
      pii: { reason, descriptions: data.descriptions ?? {} },
    },
  ];
};
