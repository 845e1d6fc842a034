import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseCommandEndpoint } from '../case-command-endpoint';
import { CaseCommands } from '../case-commands';
import { CaseParams } from '../case-params';
import { ExpectedVersion } from '../command-response';
import { AssignCaseDto } from './assign-case.dto';

@Controller('cases')
export class AssignCaseController {
  constructor(private readonly commands: CaseCommands) {}

  @CaseCommandEndpoint(
    'AssignCase',
    ':caseId/assignment',
    'Assign an unassigned case to a case manager',
    AssignCaseDto,
  )
  assign(
    @Param() params: CaseParams,
    @Body() body: AssignCaseDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.commands.run(
      {
        type: 'AssignCase',
        caseId: params.caseId,
        data: { caseManagerId: body.caseManagerId, occurredAt: body.occurredAt },
        metadata,
      },
      expectedVersion,
      response,
    );
  }
}
