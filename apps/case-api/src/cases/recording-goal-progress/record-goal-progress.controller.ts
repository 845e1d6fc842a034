import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { GoalParams } from '../case-params';
import { RecordGoalProgressDto } from './record-goal-progress.dto';

@Controller('cases')
export class RecordGoalProgressController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'RecordGoalProgress',
    ':caseId/goals/:goalId/progress',
    'Record progress on a goal, with its measured value',
    RecordGoalProgressDto,
  )
  record(@Body() body: RecordGoalProgressDto, @OnCase(GoalParams) on: CaseCommandContext<GoalParams>) {
    return this.bus.execute(
      on.command('RecordGoalProgress', {
        goalId: on.params.goalId,
        progress: body.progress,
        measuredValue: body.measuredValue ?? null,
        note: body.note,
        occurredAt: body.occurredAt,
      }),
    );
  }
}
