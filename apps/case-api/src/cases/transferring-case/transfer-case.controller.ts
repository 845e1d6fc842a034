import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseCommandEndpoint } from '../case-command-endpoint';
import { CaseCommands } from '../case-commands';
import { CaseParams } from '../case-params';
import { ExpectedVersion } from '../command-response';
import { TransferCaseDto } from './transfer-case.dto';

@Controller('cases')
export class TransferCaseController {
  constructor(private readonly commands: CaseCommands) {}

  @CaseCommandEndpoint(
    'TransferCase',
    ':caseId/transfer',
    'Transfer a case to another case manager',
    TransferCaseDto,
  )
  transfer(
    @Param() params: CaseParams,
    @Body() body: TransferCaseDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.commands.run(
      {
        type: 'TransferCase',
        caseId: params.caseId,
        data: { toCaseManagerId: body.toCaseManagerId, reason: body.reason, occurredAt: body.occurredAt },
        metadata,
      },
      expectedVersion,
      response,
    );
  }
}
