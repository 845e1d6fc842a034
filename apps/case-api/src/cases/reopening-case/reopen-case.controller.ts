import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { ReopenCaseDto } from './reopen-case.dto';

@Controller('cases')
export class ReopenCaseController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'ReopenCase',
    ':caseId/reopening',
    'Reopen a closed case: the history continues on the same case',
    ReopenCaseDto,
  )
  reopen(@Body() body: ReopenCaseDto, @OnCase() on: CaseCommandContext) {
    return this.bus.execute(
      on.command('ReopenCase', {
        reason: body.reason,
        caseManagerId: body.caseManagerId ?? null,
        occurredAt: body.occurredAt,
      }),
    );
  }
}
