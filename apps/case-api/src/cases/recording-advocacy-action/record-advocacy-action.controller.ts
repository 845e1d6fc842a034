import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseCommandEndpoint } from '../case-command-endpoint';
import { CaseCommands } from '../case-commands';
import { CaseParams } from '../case-params';
import { ExpectedVersion } from '../command-response';
import { idsFor } from '../ids';
import { RecordAdvocacyActionDto } from './record-advocacy-action.dto';

@Controller('cases')
export class RecordAdvocacyActionController {
  constructor(private readonly commands: CaseCommands) {}

  @CaseCommandEndpoint(
    'RecordAdvocacyAction',
    ':caseId/advocacy-actions',
    'Record an action taken for the client against a barrier: an appeal, a letter, a hearing...',
    RecordAdvocacyActionDto,
  )
  record(
    @Param() params: CaseParams,
    @Body() body: RecordAdvocacyActionDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.commands.run(
      {
        type: 'RecordAdvocacyAction',
        caseId: params.caseId,
        data: {
          actionId: idsFor(metadata)(body.actionId, 'advocacy-action'),
          actionType: body.actionType,
          targetOrganisation: body.targetOrganisation,
          outcome: body.outcome,
          goalIds: body.goalIds ?? [],
          summary: body.summary,
          occurredAt: body.occurredAt,
        },
        metadata,
      },
      expectedVersion,
      response,
    );
  }
}
