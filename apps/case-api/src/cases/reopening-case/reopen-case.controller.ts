import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseCommandEndpoint } from '../case-command-endpoint';
import { CaseCommands } from '../case-commands';
import { CaseParams } from '../case-params';
import { ExpectedVersion } from '../command-response';
import { ReopenCaseDto } from './reopen-case.dto';

@Controller('cases')
export class ReopenCaseController {
  constructor(private readonly commands: CaseCommands) {}

  @CaseCommandEndpoint(
    'ReopenCase',
    ':caseId/reopening',
    'Reopen a closed case: the history continues on the same case',
    ReopenCaseDto,
  )
  reopen(
    @Param() params: CaseParams,
    @Body() body: ReopenCaseDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.commands.run(
      {
        type: 'ReopenCase',
        caseId: params.caseId,
        data: { reason: body.reason, caseManagerId: body.caseManagerId ?? null, occurredAt: body.occurredAt },
        metadata,
      },
      expectedVersion,
      response,
    );
  }
}
