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
  const planned: PlannedGoal = {
    goalId,
    domain: goal.domain,
    needIds: goal.needIds ?? [],
    target: toGoalTarget(goal.target),
    dueDate: goal.dueDate,
    milestones: milestones.map(({ milestoneId, milestone }) => ({ milestoneId, dueDate: milestone.dueDate })),
  };
  const descriptions = [
    [goalId, goal.description] as const,
    ...milestones.map(({ milestoneId, milestone }) => [milestoneId, milestone.description] as const),
  ];
  return { planned, descriptions };
};

const goalRevised = (revision: GoalRevisionDto): GoalRevision => ({
  goalId: revision.goalId,
  ...(revision.target ? { target: toGoalTarget(revision.target) } : {}),
  ...(revision.dueDate ? { dueDate: revision.dueDate } : {}),
});

const service = (planned: PlannedServiceDto): PlannedService => ({
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
    const revised = body.goalsRevised ?? [];
    return this.bus.execute(
      on.command('AmendPlan', {
        goalsAdded: added.map(({ planned }) => planned),
        goalsRevised: revised.map(goalRevised),
        goalsDropped: body.goalsDropped ?? [],
        services: (body.services ?? []).map(service),
        nextReviewDate: body.nextReviewDate,
        reason: body.reason,
        descriptions: descriptionsOf([
          ...added.flatMap(({ descriptions }) => descriptions),
          ...revised.map((revision) => [revision.goalId, revision.description] as const),
        ]),
        occurredAt: body.occurredAt,
      }),
    );
  }
}
