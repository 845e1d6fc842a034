import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { GoalRevision, PlannedGoal, PlannedService } from '@casetrail/domain';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import type { IdMinter } from '../ids';
import { descriptionsOf, toGoalTarget } from '../shared-dtos';
import { AmendPlanDto, GoalRevisionDto, PlannedGoalDto, PlannedServiceDto } from './amend-plan.dto';

const goalAdded = (goal: PlannedGoalDto, index: number, id: IdMinter) => {
  const goalId = id(goal.goalId, 'goal', index);
  const milestones = (goal.milestones ?? []).map((milestone, m) => ({
    milestoneId: id(milestone.milestoneId, 'milestone', index, m),
    milestone,
  }));
  // The category is the domain's in force, decided by the case, not by the caller.
  const planned: Omit<PlannedGoal, 'category'> = {
    goalId,
    domain: goal.domain,
    needIds: goal.needIds ?? [],
    target: toGoalTarget(goal.target),
    dueDate: goal.dueDate,
    milestones: milestones.map(({ milestoneId, milestone }) => ({ milestoneId, dueDate: milestone.dueDate })),
    ...(goal.memberId === undefined ? {} : { memberId: goal.memberId }),
  };
  const descriptions = [
    [goalId, goal.description] as const,
    ...milestones.map(({ milestoneId, milestone }) => [milestoneId, milestone.description] as const),
  ];
  return { planned, descriptions };
};

const goalRevised = (revision: GoalRevisionDto, index: number, id: IdMinter) => {
  const added = (revision.milestonesAdded ?? []).map((milestone, m) => ({
    milestoneId: id(milestone.milestoneId, 'milestone-added', index, m),
    milestone,
  }));
  const revised: GoalRevision = {
    goalId: revision.goalId,
    ...(revision.target ? { target: toGoalTarget(revision.target) } : {}),
    ...(revision.dueDate ? { dueDate: revision.dueDate } : {}),
    ...(added.length === 0
      ? {}
      : {
          milestonesAdded: added.map(({ milestoneId, milestone }) => ({
            milestoneId,
            dueDate: milestone.dueDate,
          })),
        }),
  };
  const descriptions = [
    [revision.goalId, revision.description] as const,
    ...added.map(({ milestoneId, milestone }) => [milestoneId, milestone.description] as const),
  ];
  return { revised, descriptions };
};

const service = (planned: PlannedServiceDto): Omit<PlannedService, 'serviceCategory'> => ({
  serviceType: planned.serviceType,
  ...(planned.providerId ? { providerId: planned.providerId } : {}),
  goalIds: planned.goalIds ?? [],
});

@Controller('cases')
export class AmendPlanController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'AmendPlan',
    ':caseId/plan/amendments',
    'Agree the service plan or amend it: goals added, revised or dropped, services, next review',
    AmendPlanDto,
  )
  amend(@Body() body: AmendPlanDto, @OnCase() on: CaseCommandContext) {
    const { id } = on;
    const added = (body.goalsAdded ?? []).map((goal, index) => goalAdded(goal, index, id));
    const revised = (body.goalsRevised ?? []).map((revision, index) => goalRevised(revision, index, id));
    return this.bus.execute(
      on.command('AmendPlan', {
        goalsAdded: added.map(({ planned }) => planned),
        goalsRevised: revised.map(({ revised: revision }) => revision),
        goalsDropped: body.goalsDropped ?? [],
        services: (body.services ?? []).map(service),
        nextReviewDate: body.nextReviewDate,
        reason: body.reason,
        descriptions: descriptionsOf([
          ...added.flatMap(({ descriptions }) => descriptions),
          ...revised.flatMap(({ descriptions }) => descriptions),
        ]),
        occurredAt: body.occurredAt,
      }),
    );
  }
}
