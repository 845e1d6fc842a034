import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseCommandEndpoint } from '../case-command-endpoint';
import { CaseCommands } from '../case-commands';
import { CaseParams } from '../case-params';
import { ExpectedVersion } from '../command-response';
import { TerminateCaseDto } from './terminate-case.dto';

@Controller('cases')
export class TerminateCaseController {
  constructor(private readonly commands: CaseCommands) {}

  @CaseCommandEndpoint(
    'TerminateCase',
    ':caseId/termination',
    'Close the case: the reason, an outcome per open goal, the supports that continue',
    TerminateCaseDto,
  )
  terminate(
    @Param() params: CaseParams,
    @Body() body: TerminateCaseDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.commands.run(
      {
        type: 'TerminateCase',
        caseId: params.caseId,
        data: {
          reason: body.reason,
          goalOutcomes: body.goalOutcomes.map(({ goalId, outcome }) => ({ goalId, outcome })),
          ongoingSupports: (body.ongoingSupports ?? []).map((support) => ({
            serviceType: support.serviceType,
            ...(support.providerId ? { providerId: support.providerId } : {}),
          })),
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
