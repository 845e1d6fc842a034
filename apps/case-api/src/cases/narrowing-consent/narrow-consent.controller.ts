import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { ConsentParams } from '../case-params';
import { NarrowConsentDto } from './narrow-consent.dto';

@Controller('cases')
export class NarrowConsentController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'NarrowConsent',
    ':caseId/consents/:consentId/narrowing',
    'Narrow a consent from now on: fewer categories or an earlier end',
    NarrowConsentDto,
  )
  narrow(@Body() body: NarrowConsentDto, @OnCase(ConsentParams) on: CaseCommandContext<ConsentParams>) {
    return this.bus.execute(
      on.command('NarrowConsent', {
        consentId: on.params.consentId,
        categories: body.categories,
        until: body.until ?? null,
        occurredAt: body.occurredAt,
      }),
    );
  }
}
