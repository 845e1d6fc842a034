import { Body, Controller, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseCommandEndpoint } from '../case-command-endpoint';
import { CaseCommands } from '../case-commands';
import { ContactParams } from '../case-params';
import { ExpectedVersion } from '../command-response';
import { idsFor } from '../ids';
import { CorrectCaseNoteDto } from './correct-case-note.dto';

@Controller('cases')
export class CorrectCaseNoteController {
  constructor(private readonly commands: CaseCommands) {}

  @CaseCommandEndpoint(
    'CorrectCaseNote',
    ':caseId/contacts/:contactId/corrections',
    'Correct a contact’s note with a new, linked entry (the original stays on record)',
    CorrectCaseNoteDto,
  )
  correct(
    @Param() params: ContactParams,
    @Body() body: CorrectCaseNoteDto,
    @ExpectedVersion() expectedVersion: number | undefined,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.commands.run(
      {
        type: 'CorrectCaseNote',
        caseId: params.caseId,
        data: {
          correctionId: idsFor(metadata)(body.correctionId, 'correction'),
          contactId: params.contactId,
          correctedSummary: body.correctedSummary,
          reason: body.reason,
        },
        metadata,
      },
      expectedVersion,
      response,
    );
  }
}
