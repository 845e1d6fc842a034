import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiIdParams } from '../../http/openapi';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { caseDecider, DomainError, fold, type CaseEvent, type CaseState } from '@casetrail/domain';
import { asOf, EVENT_STORE, type EventStore, type StoredEvent } from '@casetrail/event-store';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseParams } from '../case-params';
import { AsOfQuery } from './as-of.dto';

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':caseId')
  @ApiIdParams(':caseId')
  @ApiOperation({ summary: 'A case’s state and version, now or as of an instant' })
  async get(
    @Param() { caseId }: CaseParams,
    @Query() query: AsOfQuery,
    @Metadata() _metadata: RequestMetadata,
    @Res({ passthrough: true }) response: Response,
  ) {
    const events = await this.history(caseId, query);
    const version = events.at(-1)?.version ?? 0;
    const state = fold<CaseEvent, CaseState>(caseDecider, events as unknown as CaseEvent[]);
    if (query.asOf === undefined) response.setHeader('ETag', `"${version}"`);
    return {
      caseId,
      version,
      ...(query.asOf ? { asOf: query.asOf, basis: query.basis ?? 'recorded' } : {}),
      state,
    };
  }

  @Get(':caseId/events')
  @ApiIdParams(':caseId/events')
  @ApiOperation({ summary: 'A case’s full event history (the audit trail), now or as of an instant' })
  async events(
    @Param() { caseId }: CaseParams,
    @Query() query: AsOfQuery,
    @Metadata() _metadata: RequestMetadata,
  ) {
    const events = await this.history(caseId, query);
    return { caseId, total: events.length, events };
  }

  private async history(caseId: string, query: AsOfQuery): Promise<readonly StoredEvent[]> {
    const history = await this.store.readStream(caseId);
    const events = asOf(history, query.asOf, query.basis);
    if (events.length === 0) {
      const when = query.asOf ? ` as of ${query.asOf}` : '';
      throw new DomainError('CASE_NOT_FOUND', `Case ${caseId} does not exist${when}`, { caseId });
    }
    return events;
  }
}
