import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { ReferralParams } from '../case-params';
import { ChangeReferralStatusDto } from './change-referral-status.dto';

@Controller('cases')
export class ChangeReferralStatusController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'ChangeReferralStatus',
    ':caseId/referrals/:referralId/status',
    'Record a referral’s next status: accepted, declined, service started, completed, no-show, withdrawn',
    ChangeReferralStatusDto,
  )
  change(
    @Body() body: ChangeReferralStatusDto,
    @OnCase(ReferralParams) on: CaseCommandContext<ReferralParams>,
  ) {
    return this.bus.execute(
      on.command('ChangeReferralStatus', {
        referralId: on.params.referralId,
        status: body.status,
        note: body.note,
        occurredAt: body.occurredAt,
      }),
    );
  }
}
