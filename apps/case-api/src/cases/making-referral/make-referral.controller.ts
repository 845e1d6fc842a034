import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { MakeReferralDto } from './make-referral.dto';

@Controller('cases')
export class MakeReferralController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'MakeReferral',
    ':caseId/referrals',
    'Refer the client to a provider for a service',
    MakeReferralDto,
  )
  refer(@Body() body: MakeReferralDto, @OnCase() on: CaseCommandContext) {
    return this.bus.execute(
      on.command('MakeReferral', {
        referralId: on.id(body.referralId, 'referral'),
        providerId: body.providerId,
        serviceType: body.serviceType,
        goalIds: body.goalIds ?? [],
        replacesReferralId: body.replacesReferralId ?? null,
        memberId: body.memberId ?? null,
        note: body.note,
        occurredAt: body.occurredAt,
      }),
    );
  }
}
