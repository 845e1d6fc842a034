import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { toParticipant } from '../shared-dtos';
import { RecordContactDto } from './record-contact.dto';
import { formOf } from '../form-submission.dto';

@Controller('cases')
export class RecordContactController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'RecordContact',
    ':caseId/contacts',
    'Record a contact with the client or another professional (visit, call, meeting...), when it happened',
    RecordContactDto,
  )
  record(@Body() body: RecordContactDto, @OnCase() on: CaseCommandContext) {
    return this.bus.execute(
      on.command('RecordContact', {
        contactId: on.id(body.contactId, 'contact'),
        contactType: body.contactType,
        participants: body.participants.map(toParticipant),
        durationMinutes: body.durationMinutes ?? null,
        summary: body.summary,
        goalIds: body.goalIds ?? [],
        referralIds: body.referralIds ?? [],
        appointmentId: body.appointmentId ?? null,
        happenedAt: body.happenedAt,
        ...formOf(body.form),
      }),
    );
  }
}
