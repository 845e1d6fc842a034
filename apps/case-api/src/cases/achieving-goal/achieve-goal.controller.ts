import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseCommandEndpoint } from '../case-command-endpoint';
import { CaseCommands } from '../case-commands';
import { GoalParams } from '../case-params';
import { ExpectedVersion } from '../command-response';
import { AchieveGoalDto } from './achieve-goal.dto';

@Controller('cases')
export class AchieveGoalController {
  constructor(private readonly commands: CaseCommands) {}

  @CaseCommandEndpoint(
    'AchieveGoal',
    ':caseId/goals/:goalId/achievement',
    'Record that a goal was achieved',
    AchieveGoalDto,
  )
  achieve(
    @Param() params: GoalParams,
    @Body() body: AchieveGoalDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.commands.run(
      {
        type: 'AchieveGoal',
        caseId: params.caseId,
        data: {
          goalId: params.goalId,
          measuredValue: body.measuredValue ?? null,
          note: body.note,
          occurredAt: body.occurredAt,
        },
        metadata,
      },
      expectedVersion,
      response,
    );
  }
}
