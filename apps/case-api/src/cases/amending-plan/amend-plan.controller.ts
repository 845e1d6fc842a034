import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { GoalRevision, PlannedGoal, PlannedService } from '@casetrail/domain';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseCommandEndpoint } from '../case-command-endpoint';
import { CaseCommands } from '../case-commands';
import { CaseParams } from '../case-params';
import { ExpectedVersion } from '../command-response';
import { idsFor, type IdMinter } from '../ids';
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
  constructor(private readonly commands: CaseCommands) {}

  @CaseCommandEndpoint(
    'AmendPlan',
    ':caseId/plan/amendments',
    'Agree the service plan or amend it: goals added, revised or dropped, services, next review',
    AmendPlanDto,
  )
  amend(
    @Param() params: CaseParams,
    @Body() body: AmendPlanDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    const id = idsFor(metadata);
    const added = (body.goalsAdded ?? []).map((goal, index) => goalAdded(goal, index, id));
    const revised = body.goalsRevised ?? [];
    return this.commands.run(
      {
        type: 'AmendPlan',
        caseId: params.caseId,
        data: {
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
        },
        metadata,
      },
      expectedVersion,
      response,
    );
  }
}
