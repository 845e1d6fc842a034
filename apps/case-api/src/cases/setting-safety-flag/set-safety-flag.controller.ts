import { Body, Controller, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import type { CommandResult } from '../execute-case-command';
import { SetSafetyFlagDto } from './set-safety-flag.dto';

@Controller('cases')
export class SetSafetyFlagController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'SetSafetyFlag',
    ':caseId/safety-flags',
    'Set a safety flag on the client: a confidential address, someone not to contact, or a safety alert (answers with the flagId)',
    SetSafetyFlagDto,
  )
  async set(
    @Body() body: SetSafetyFlagDto,
    @OnCase() on: CaseCommandContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandResult & { readonly created: { readonly flagId: string } }> {
    const flagId = on.id(body.flagId, 'safety-flag');
    const result: CommandResult = await this.bus.execute(
      on.command('SetSafetyFlag', {
        flagId,
        kind: body.kind,
        reason: body.reason,
        ...(body.doNotContact === undefined
          ? {}
          : { doNotContact: body.doNotContact.map((person) => ({ who: person.who })) }),
        occurredAt: body.occurredAt,
      }),
    );
    response.setHeader('Location', `/cases/${result.caseId}/safety-flags/${flagId}`);
    return { ...result, created: { flagId } };
  }
}
