import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { TransferCaseDto } from './transfer-case.dto';

@Controller('cases')
export class TransferCaseController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'TransferCase',
    ':caseId/transfer',
    'Transfer a case to another case manager, or out of the program (to another program and team)',
    TransferCaseDto,
  )
  transfer(@Body() body: TransferCaseDto, @OnCase() on: CaseCommandContext) {
    return this.bus.execute(
      on.command('TransferCase', {
        toCaseManagerId: body.toCaseManagerId,
        ...(body.toProgramId === undefined ? {} : { toProgramId: body.toProgramId }),
        ...(body.toTeamId === undefined ? {} : { toTeamId: body.toTeamId }),
        reason: body.reason,
        occurredAt: body.occurredAt,
      }),
    );
  }
}
