import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { EntryParams } from '../case-params';
import { VoidEntryDto } from './void-entry.dto';

@Controller('cases')
export class VoidEntryController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'VoidEntry',
    ':caseId/entries/:entryId/void',
    'Void an entry (an event of the case, by its eventId): it stays in the history and no longer counts. ' +
      'Voiding a closing or a reopening needs a supervisor',
    VoidEntryDto,
  )
  void(@Body() body: VoidEntryDto, @OnCase(EntryParams) on: CaseCommandContext<EntryParams>) {
    return this.bus.execute(on.command('VoidEntry', { entryId: on.params.entryId, reason: body.reason }));
  }
}
