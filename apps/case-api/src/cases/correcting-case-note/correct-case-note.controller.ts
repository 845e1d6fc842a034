import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { ContactParams } from '../case-params';
import { CorrectCaseNoteDto } from './correct-case-note.dto';

@Controller('cases')
export class CorrectCaseNoteController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'CorrectCaseNote',
    ':caseId/contacts/:contactId/corrections',
    'Correct a contact’s note with a new, linked entry (the original stays on record)',
    CorrectCaseNoteDto,
  )
  correct(@Body() body: CorrectCaseNoteDto, @OnCase(ContactParams) on: CaseCommandContext<ContactParams>) {
    return this.bus.execute(
      on.command('CorrectCaseNote', {
        correctionId: on.id(body.correctionId, 'correction'),
        contactId: on.params.contactId,
        correctedSummary: body.correctedSummary,
        reason: body.reason,
      }),
    );
  }
}
