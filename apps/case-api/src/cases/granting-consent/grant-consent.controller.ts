import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { GrantConsentDto } from './grant-consent.dto';

@Controller('cases')
export class GrantConsentController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'GrantConsent',
    ':caseId/consents',
    'Record the client’s consent to share categories of their information with a partner',
    GrantConsentDto,
  )
  grant(@Body() body: GrantConsentDto, @OnCase() on: CaseCommandContext) {
    return this.bus.execute(
      on.command('GrantConsent', {
        consentId: on.id(body.consentId, 'consent'),
        partnerId: body.partnerId,
        categories: body.categories,
        purpose: body.purpose,
        from: body.from,
        until: body.until ?? null,
        note: body.note,
        occurredAt: body.occurredAt,
      }),
    );
  }
}
