import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { caseDecider, DomainError, fold, type CaseEvent, type CaseState } from '@casetrail/domain';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import { bodyOf } from '../http/openapi';
import {
  IDEMPOTENCY_KEY_HEADER,
  Metadata,
  nameBasedId,
  type RequestMetadata,
} from '../http/request-metadata';
import { respond } from './command-response';
import { EngageClientDto } from './engaging-client/engage-client.dto';
import { ExecuteCaseCommand, type CommandResult } from './execute-case-command';

const caseNumberFor = (caseId: string, recordedAt: string) =>
  `CT-${recordedAt.slice(0, 4)}-${caseId.replace(/-/g, '').slice(0, 8).toUpperCase()}`;

@ApiTags('cases')
@ApiHeader({ name: 'x-actor-id', required: true })
@ApiHeader({ name: 'x-actor-role', required: false })
@Controller('cases')
export class CasesController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Engage a client: opens a case' })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false })
  @ApiBody(bodyOf(EngageClientDto))
  async engage(
    @Body() body: EngageClientDto,
    @Metadata() metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    // A retried create must land on the same case, so its id comes from the key when there is one.
    const caseId = metadata.idempotencyKey
      ? nameBasedId(metadata.actor.id, 'case', metadata.idempotencyKey)
      : randomUUID();
    const result = await this.commands.execute<ExecuteCaseCommand, CommandResult>(
      new ExecuteCaseCommand(
        {
          type: 'EngageClient',
          caseId,
          data: {
            caseNumber: body.caseNumber ?? caseNumberFor(caseId, metadata.recordedAt),
            programId: body.programId,
            teamId: body.teamId ?? null,
            caseManagerId: body.caseManagerId ?? null,
            referralSource: body.referralSource,
            consent: body.consent,
            client: body.client,
            presentingConcerns: body.presentingConcerns,
            ...(body.engagedAt ? { engagedAt: body.engagedAt } : {}),
          },
          metadata,
        },
        0,
      ),
    );
    response.status(201);
    return respond(response, result);
  }

  @Get(':caseId')
  @ApiOperation({ summary: 'A case’s current state and version' })
  async get(
    @Param('caseId') caseId: string,
    @Metadata() _metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    const history = await this.store.readStream(caseId);
    if (history.length === 0)
      throw new DomainError('CASE_NOT_FOUND', `Case ${caseId} does not exist`, { caseId });
    const state = fold<CaseEvent, CaseState>(caseDecider, history as unknown as CaseEvent[]);
    response.setHeader('ETag', `"${history.length}"`);
    return { caseId, version: history.length, state };
  }
}
