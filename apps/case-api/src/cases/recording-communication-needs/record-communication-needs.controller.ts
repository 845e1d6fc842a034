import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseCommandEndpoint, OnCase, type CaseCommandContext } from '../case-command-endpoint';
import { RecordCommunicationNeedsDto } from './record-communication-needs.dto';

@Controller('cases')
export class RecordCommunicationNeedsController {
  constructor(private readonly bus: CommandBus) {}

  @CaseCommandEndpoint(
    'RecordCommunicationNeeds',
    ':caseId/communication-needs',
    'Record the client’s preferred language and whether they need an interpreter (replaces the last recording)',
    RecordCommunicationNeedsDto,
  )
  record(@Body() body: RecordCommunicationNeedsDto, @OnCase() on: CaseCommandContext) {
    return this.bus.execute(
      on.command('RecordCommunicationNeeds', {
        preferredLanguage: body.preferredLanguage,
        interpreterNeeded: body.interpreterNeeded,
        interpreterLanguage: body.interpreterLanguage ?? null,
        notes: body.notes,
        occurredAt: body.occurredAt,
      }),
    );
  }
}
