import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiIdParams } from '../../http/openapi';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  caseDecider,
  DomainError,
  fold,
  historyAsOf,
  keepsAddress,
  withholdAddress,
  maskState,
  maskStoredEvent,
  readableCase,
  type CaseEvent,
  type ClientDataErased,
  type ClientEngaged,
  type CaseReadAction,
  type CaseState,
  type Recorded,
  type Role,
} from '@casetrail/domain';
import { asOf, type StoredEvent } from '@casetrail/event-store';
import { CONFIG, type CasetrailConfig } from '@casetrail/platform';
import { PII_OPENER, type PiiOpener } from '@casetrail/protection';
import { Access, ClientDataRead } from '../../access/access.decorator';
import { CaseReads } from '../../access/case-reads.service';
import { principalOf } from '../../access/principal';
import { CaseParams } from '../case-params';
import { AsOfQuery } from './as-of.query';

@ApiTags('cases')
@Controller('cases')
export class CasesController {
  constructor(
    private readonly reads: CaseReads,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
    @Inject(PII_OPENER) private readonly opener: PiiOpener,
  ) {}

  @Get(':caseId')
  @Access('case.read')
  @ClientDataRead('case, break-the-glass')
  @ApiIdParams(':caseId')
  @ApiOperation({ summary: 'A case’s state and version, now or as of an instant' })
  async get(
    @Param() { caseId }: CaseParams,
    @Query() query: AsOfQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const { history, role } = await this.reads.open(request, 'case.read', caseId);
    const events = asOf(history, query.asOf, query.basis);
    if (events.length === 0) throw notFound(caseId, query);
    const version = events.at(-1)?.version ?? 0;
    // Voids and corrections honoured, by the basis asked for: `historyAsOf` is the one rule.
    const effective = historyAsOf(history as readonly Recorded<CaseEvent>[], query.asOf, query.basis);
    const state = fold<CaseEvent, CaseState>(caseDecider, effective);
    // recordedLate is derived here, in the agency's zone: when an entry was written up is a fact
    // of its envelope, and "a later day" depends on where the agency's days begin.
    const readable = readableCase(state, this.config.agencyTimeZone);
    if (readable.status === 'initial') throw notFound(caseId, query);
    if (query.asOf === undefined) response.setHeader('ETag', `"${version}"`);
    const { client, clientData } = await this.clientOf(events);
    // The role the policy decided under (break-the-glass included) decides what of it shows.
    const view = maskState(role, readable, client);
    return {
      caseId,
      version,
      ...(query.asOf ? { asOf: query.asOf, basis: query.basis ?? 'recorded' } : {}),
      clientId: readable.clientId,
      client: view.client,
      clientData,
      erasure: erasureOf(events),
      state: view.state,
      masked: view.masked,
    };
  }

  /** Who the case is about, opened from the engagement: the state never holds it. */
  private async clientOf(events: readonly StoredEvent[]) {
    const engaged = events.find((event) => event.type === 'ClientEngaged');
    if (engaged === undefined) return { client: null, clientData: 'present' as const };
    const opened = await this.opener.open<ClientEngaged['pii']>(engaged.eventId, engaged.pii);
    if (opened.status === 'erased') return { client: null, clientData: 'erased' as const };
    const { givenName, familyName, dateOfBirth } = opened.pii.client;
    return { client: { givenName, familyName, dateOfBirth }, clientData: 'present' as const };
  }

  @Get(':caseId/events')
  @Access('case.read-history')
  @ClientDataRead('case, break-the-glass')
  @ApiIdParams(':caseId/events')
  @ApiOperation({ summary: 'A case’s full event history (the audit trail), now or as of an instant' })
  async events(@Param() { caseId }: CaseParams, @Query() query: AsOfQuery, @Req() request: Request) {
    const { events, role, state } = await this.history(request, 'case.read-history', caseId, query);
    // Judged by the flags as they stand now, whatever instant is asked for: confidential is confidential.
    const { id, teams } = principalOf(request);
    const keepAddress = keepsAddress({ id, role, teams }, state);
    // Opened one by one: each names its own key (a receipt's is the system's, not the client's).
    const opened = [];
    for (const event of events) {
      const pii = await this.opener.open(event.eventId, event.pii);
      // Masked after opening: the walk needs the pii's fields to know what it leaves out.
      const shown = maskStoredEvent(role, event.type, event.data, pii.status === 'present' ? pii.pii : {});
      opened.push(
        pii.status === 'present'
          ? {
              ...event,
              data: shown.data,
              pii: keepAddress ? shown.pii : withholdAddress(event.type, shown.pii),
              clientData: 'present' as const,
              masked: shown.masked,
            }
          : { ...event, data: shown.data, pii: null, clientData: 'erased' as const, masked: shown.masked },
      );
    }
    return { caseId, total: opened.length, events: opened };
  }

  /** Access is decided on the case as it stands now; the answer may then be an earlier state. */
  private async history(
    request: Request,
    action: CaseReadAction,
    caseId: string,
    query: AsOfQuery,
  ): Promise<{ events: readonly StoredEvent[]; role: Role; state: CaseState }> {
    const { history, role, state } = await this.reads.open(request, action, caseId);
    const events = asOf(history, query.asOf, query.basis);
    if (events.length === 0) throw notFound(caseId, query);
    return { events, role, state };
  }
}

/** The receipt's facts, as the case's ClientDataErased event recorded them; null before any. */
const erasureOf = (events: readonly StoredEvent[]) => {
  const receipt = events.find((event) => event.type === 'ClientDataErased') as
    Recorded<ClientDataErased> | undefined;
  if (receipt === undefined) return null;
  const { erasureId, legalBasis, requestedBy, affects, erased } = receipt.data;
  return {
    erasureId,
    legalBasis,
    requestedBy,
    erasedBy: receipt.actor,
    erasedAt: receipt.recordedAt,
    receiptEventId: receipt.eventId,
    affectedEvents: affects.eventIds.length,
    throughVersion: affects.throughVersion,
    erased,
  };
};

const notFound = (caseId: string, query: AsOfQuery): DomainError => {
  const when = query.asOf ? ` as of ${query.asOf}` : '';
  return new DomainError('CASE_NOT_FOUND', `Case ${caseId} does not exist${when}`, { caseId });
};
