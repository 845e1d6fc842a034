import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseCommandEndpoint } from '../case-command-endpoint';
import { CaseCommands } from '../case-commands';
import { ReferralParams } from '../case-params';
import { ExpectedVersion } from '../command-response';
import { ChangeReferralStatusDto } from './change-referral-status.dto';

@Controller('cases')
export class ChangeReferralStatusController {
  constructor(private readonly commands: CaseCommands) {}

  @CaseCommandEndpoint(
    'ChangeReferralStatus',
    ':caseId/referrals/:referralId/status',
    'Record a referral’s next status: accepted, declined, service started, completed, no-show, withdrawn',
    ChangeReferralStatusDto,
  )
  change(
    @Param() params: ReferralParams,
    @Body() body: ChangeReferralStatusDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.commands.run(
      {
        type: 'ChangeReferralStatus',
        caseId: params.caseId,
        data: {
          referralId: params.referralId,
          status: body.status,
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
