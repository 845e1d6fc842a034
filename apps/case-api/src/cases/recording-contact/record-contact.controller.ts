import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseCommandEndpoint } from '../case-command-endpoint';
import { CaseCommands } from '../case-commands';
import { CaseParams } from '../case-params';
import { ExpectedVersion } from '../command-response';
import { idsFor } from '../ids';
import { toParticipant } from '../shared-dtos';
import { RecordContactDto } from './record-contact.dto';

@Controller('cases')
export class RecordContactController {
  constructor(private readonly commands: CaseCommands) {}

  @CaseCommandEndpoint(
    'RecordContact',
    ':caseId/contacts',
    'Record a contact with the client or another professional (visit, call, meeting...), when it happened',
    RecordContactDto,
  )
  record(
    @Param() params: CaseParams,
    @Body() body: RecordContactDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.commands.run(
      {
        type: 'RecordContact',
        caseId: params.caseId,
        data: {
          contactId: idsFor(metadata)(body.contactId, 'contact'),
          contactType: body.contactType,
          participants: body.participants.map(toParticipant),
          durationMinutes: body.durationMinutes ?? null,
          summary: body.summary,
          happenedAt: body.happenedAt,
        },
        metadata,
      },
      expectedVersion,
      response,
    );
  }
}
