import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { EntryParams } from '../case-params';
import { CorrectEntryDateDto } from './correct-entry-date.dto';

@Controller('cases')
export class CorrectEntryDateController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'CorrectEntryDate',
    ':caseId/entries/:entryId/correction',
    'Correct when an entry happened; every date rule still holds. ' +
      'Correcting a closing or a reopening needs a supervisor',
    CorrectEntryDateDto,
  )
  correct(@Body() body: CorrectEntryDateDto, @OnCase(EntryParams) on: CaseCommandContext<EntryParams>) {
    return this.bus.execute(
      on.command('CorrectEntryDate', {
        entryId: on.params.entryId,
        occurredAt: body.occurredAt,
        reason: body.reason,
      }),
    );
  }
}
