import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseCommandEndpoint } from '../case-command-endpoint';
import { CaseCommands } from '../case-commands';
import { CaseParams } from '../case-params';
import { ExpectedVersion } from '../command-response';
import { idsFor } from '../ids';
import { MakeReferralDto } from './make-referral.dto';

@Controller('cases')
export class MakeReferralController {
  constructor(private readonly commands: CaseCommands) {}

  @CaseCommandEndpoint(
    'MakeReferral',
    ':caseId/referrals',
    'Refer the client to a provider for a service',
    MakeReferralDto,
  )
  refer(
    @Param() params: CaseParams,
    @Body() body: MakeReferralDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.commands.run(
      {
        type: 'MakeReferral',
        caseId: params.caseId,
        data: {
          referralId: idsFor(metadata)(body.referralId, 'referral'),
          providerId: body.providerId,
          serviceType: body.serviceType,
          goalIds: body.goalIds ?? [],
          replacesReferralId: body.replacesReferralId ?? null,
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
