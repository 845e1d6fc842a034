import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseCommandEndpoint } from '../case-command-endpoint';
import { CaseCommands } from '../case-commands';
import { GoalParams } from '../case-params';
import { ExpectedVersion } from '../command-response';
import { RecordGoalProgressDto } from './record-goal-progress.dto';

@Controller('cases')
export class RecordGoalProgressController {
  constructor(private readonly commands: CaseCommands) {}

  @CaseCommandEndpoint(
    'RecordGoalProgress',
    ':caseId/goals/:goalId/progress',
    'Record progress on a goal, with its measured value',
    RecordGoalProgressDto,
  )
  record(
    @Param() params: GoalParams,
    @Body() body: RecordGoalProgressDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.commands.run(
      {
        type: 'RecordGoalProgress',
        caseId: params.caseId,
        data: {
          goalId: params.goalId,
          progress: body.progress,
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
