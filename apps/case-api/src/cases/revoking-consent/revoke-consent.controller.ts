import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { ConsentParams } from '../case-params';
import { RevokeConsentDto } from './revoke-consent.dto';

@Controller('cases')
export class RevokeConsentController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'RevokeConsent',
    ':caseId/consents/:consentId/revocation',
    'Revoke a consent: from now on it covers nothing',
    RevokeConsentDto,
  )
  revoke(@Body() body: RevokeConsentDto, @OnCase(ConsentParams) on: CaseCommandContext<ConsentParams>) {
    return this.bus.execute(
      on.command('RevokeConsent', {
        consentId: on.params.consentId,
        reason: body.reason,
        occurredAt: body.occurredAt,
      }),
    );
  }
}
