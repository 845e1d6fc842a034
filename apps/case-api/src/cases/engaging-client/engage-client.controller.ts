import { randomUUID } from 'node:crypto';
import { Body, Controller, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../access/access.decorator';
import { bodyOf } from '../../http/openapi';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_SCHEMA,
  Metadata,
  type RequestMetadata,
} from '../../http/request-metadata';
import { nameBasedId } from '@casetrail/platform';
import { CommandAnswer } from '../case-command-endpoint';
import { idsFor } from '../ids';
import { ExecuteCaseCommand } from '../execute-case-command';
import { EngageClientDto } from './engage-client.dto';
import { formOf } from '../form-submission.dto';

const caseNumberFor = (caseId: string, recordedAt: string) =>
  `CT-${recordedAt.slice(0, 4)}-${caseId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;

@ApiTags('cases')
@ApiHeader({
  name: IDEMPOTENCY_KEY_HEADER,
  required: false,
  description: 'A retry with the same key lands on the same case, with Idempotent-Replayed: true',
  schema: IDEMPOTENCY_KEY_SCHEMA,
})
@Controller('cases')
export class EngageClientController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  @Access('case.engage')
  @UseInterceptors(CommandAnswer)
  @ApiOperation({ summary: 'Engage a client: opens a case' })
  @ApiBody(bodyOf(EngageClientDto))
  @ApiResponse({ status: 201, description: 'The case is open: its id, version 1, the ClientEngaged event' })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED: `errors` names each bad field and rule' })
  @ApiResponse({ status: 401, description: 'TOKEN_*: no valid bearer token' })
  @ApiResponse({
    status: 409,
    description:
      'CLIENT_DATA_ERASED: the client named by clientId was erased; POSSIBLE_DUPLICATE: a likely match, `details.candidates` (case id and number of each you may read) and `details.notVisible` (how many you may not)',
  })
  @ApiResponse({ status: 422, description: 'A broken rule, e.g. CONSENT_REQUIRED, DATE_OF_BIRTH_IN_FUTURE' })
  engage(@Body() body: EngageClientDto, @Metadata() metadata: RequestMetadata) {
    // A retried create must land on the same case, so its id comes from the key when there is one.
    const caseId = metadata.idempotencyKey
      ? nameBasedId(metadata.actor.id, 'case', metadata.idempotencyKey)
      : randomUUID();
    // Version 0: a new case, whatever If-Match says (a retry finds its events by causation id).
    const command = new ExecuteCaseCommand(
      {
        type: 'EngageClient',
        caseId,
        data: {
          // A retry must name the same client it named the first time, so a new id comes from the key too.
          clientId: idsFor(metadata)(body.clientId, 'client'),
          caseNumber: body.caseNumber ?? caseNumberFor(caseId, metadata.recordedAt),
          programId: body.programId,
          teamId: body.teamId ?? null,
          caseManagerId: body.caseManagerId ?? null,
          referralSource: body.referralSource,
          consent: {
            toServices: body.consent.toServices,
            toInformationSharing: body.consent.toInformationSharing,
            sharingWith: body.consent.sharingWith,
          },
          client: {
            givenName: body.client.givenName,
            familyName: body.client.familyName,
            dateOfBirth: body.client.dateOfBirth,
            ...(body.client.phone === undefined ? {} : { phone: body.client.phone }),
            ...(body.client.email === undefined ? {} : { email: body.client.email }),
            ...(body.client.address === undefined ? {} : { address: body.client.address }),
          },
          presentingConcerns: body.presentingConcerns,
          ...(body.engagedAt ? { engagedAt: body.engagedAt } : {}),
          ...formOf(body.form),
        },
        metadata,
      },
      metadata.access,
      0,
      {
        linkedClient: body.clientId !== undefined,
        ...(body.duplicateCheck ? { confirmedNewAfter: body.duplicateCheck.confirmedNewAfter } : {}),
      },
    );
    return this.bus.execute(command);
  }
}
