import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import type { CommandResult } from '../execute-case-command';
import { IdentifyNeedDto } from './identify-need.dto';

@Controller('cases')
export class IdentifyNeedController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'IdentifyNeed',
    ':caseId/needs',
    'Add one newly found need without a whole reassessment (answers with the needId)',
    IdentifyNeedDto,
  )
  async identify(
    @Body() body: IdentifyNeedDto,
    @OnCase() on: CaseCommandContext,
  ): Promise<CommandResult & { readonly created: { readonly needId: string } }> {
    const needId = on.id(body.needId, 'need');
    const result: CommandResult = await this.bus.execute(
      on.command('IdentifyNeed', {
        needId,
        domain: body.domain,
        severity: body.severity,
        description: body.description,
        memberId: body.memberId ?? null,
        occurredAt: body.occurredAt,
      }),
    );
    return { ...result, created: { needId } };
  }
}
