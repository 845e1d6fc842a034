import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { GoalParams } from '../case-params';
import { AchieveGoalDto } from './achieve-goal.dto';

@Controller('cases')
export class AchieveGoalController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'AchieveGoal',
    ':caseId/goals/:goalId/achievement',
    'Record that a goal was achieved',
    AchieveGoalDto,
  )
  achieve(@Body() body: AchieveGoalDto, @OnCase(GoalParams) on: CaseCommandContext<GoalParams>) {
    return this.bus.execute(
      on.command('AchieveGoal', {
        goalId: on.params.goalId,
        measuredValue: body.measuredValue ?? null,
        note: body.note,
        occurredAt: body.occurredAt,
      }),
    );
  }
}
