import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  authorizeList,
  caseDecider,
  CASE_PSEUDONYM_KIND,
  DomainError,
  inFilter,
  instant,
  MAX_DATE_SHIFT_DAYS,
  pseudonymiseEvent,
  type CaseEvent,
  type ListAction,
  type ListDecision,
  type ListRequest,
  type Recorded,
} from '@casetrail/domain';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import { CONFIG, type CasetrailConfig } from '@casetrail/platform';
import { PROTECTION, type Protection, type Pseudonyms } from '@casetrail/protection';
import { CASELOADS, READ_MODEL_STORE, type CaseloadEntry, type ReadModelStore } from '@casetrail/read-models';
import { AccessDeniedError } from '../access/access-denied.error';
import { Access, ClientDataRead } from '../access/access.decorator';
import { AccessLog, accessContextOf } from '../access/access-log.service';
import { principalOf } from '../access/principal';
import { ApiIdParams } from '../http/openapi';
import { momentOf, requirePeriod } from '../queries/period';
import { PseudonymParams, TimelineReadQuery, TimelinesListQuery } from './analytics.query';

const shiftInstant = (iso: string, days: number): string =>
  days === 0 ? iso : new Date(instant(iso) + days * 86_400_000).toISOString();

/**
 * Courses of cases for analysts, with no one named: cases by pseudonym, events pseudonymised
 * (`pseudonymiseEvent`). Pseudonyms are the caller's own (scoped to their principal id), so two
 * analysts cannot join what they were given; the server reads a pseudonym back without a table.
 * Each answer is recorded in the access log by case id: it is the agency's own log.
 */
@ApiTags('analytics')
@Controller('analytics/timelines')
export class AnalyticsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(PROTECTION) private readonly protection: Protection,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
    private readonly accessLog: AccessLog,
  ) {}

  @Get()
  @Access('analytics.list-timelines')
  @ClientDataRead('list')
  @ApiOperation({ summary: 'Pseudonyms of the cases engaged in a period, with program, stage and status' })
  async list(@Query() query: TimelinesListQuery, @Req() request: Request) {
    const zone = this.config.agencyTimeZone;
    requirePeriod(query.from, query.to, zone);
    const decision = await this.decide(request, 'analytics.list-timelines', {
      ...(query.programId ? { programId: query.programId } : {}),
    });
    const from = instant(momentOf(query.from, zone));
    const to = instant(momentOf(query.to, zone));
    const entries = (
      await this.readModels
        .collection<CaseloadEntry>(CASELOADS)
        .find(query.programId ? { programId: query.programId } : {})
    )
      .filter((entry) => inFilter(decision.filter, entry))
      .filter((entry) => instant(entry.engagedAt) >= from && instant(entry.engagedAt) < to)
      .sort((a, b) => instant(a.engagedAt) - instant(b.engagedAt) || a.caseId.localeCompare(b.caseId));
    const pseudonyms = this.pseudonymsOf(request);
    const shift = query.shiftDates === 'true';
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const page = entries.slice(offset, offset + limit);
    await this.accessLog.granted(
      accessContextOf(request),
      decision.role,
      page.map((entry) => ({ caseId: entry.caseId, scope: entry })),
    );
    return {
      from: query.from,
      to: query.to,
      ...(query.programId ? { programId: query.programId } : {}),
      total: entries.length,
      offset,
      limit,
      cases: page.map((entry) => ({
        case: pseudonyms.pseudonymise(CASE_PSEUDONYM_KIND, entry.caseId),
        programId: entry.programId,
        stage: entry.stage,
        status: entry.status,
        engagedAt: shiftInstant(
          entry.engagedAt,
          shift ? pseudonyms.shiftDays(entry.caseId, MAX_DATE_SHIFT_DAYS) : 0,
        ),
      })),
    };
  }

  @Get(':pseudonym')
  @Access('analytics.read-timeline')
  @ClientDataRead('case')
  @ApiIdParams(':pseudonym')
  @ApiOperation({ summary: 'A case’s course, pseudonymised: every event with no one named' })
  async read(
    @Param() { pseudonym }: PseudonymParams,
    @Query() query: TimelineReadQuery,
    @Req() request: Request,
  ) {
    const decision = await this.decide(request, 'analytics.read-timeline', {});
    const pseudonyms = this.pseudonymsOf(request);
    const resolved = pseudonyms.resolve(pseudonym);
    // A forged pseudonym, another analyst's, another kind's: all alike, no such case.
    const notFound = () =>
      new DomainError('CASE_NOT_FOUND', 'No case has that pseudonym for you', { pseudonym });
    if (resolved === null || resolved.kind !== CASE_PSEUDONYM_KIND) throw notFound();
    const caseId = resolved.id;
    const history = (await this.events.readStream(caseId)) as readonly Recorded<CaseEvent>[];
    const state = history.reduce((s, e) => caseDecider.evolve(s, e), caseDecider.initialState);
    if (state.status === 'initial') throw notFound();
    const scope = { programId: state.programId, teamId: state.teamId, caseManagerId: state.caseManagerId };
    if (!inFilter(decision.filter, scope)) throw notFound();
    await this.accessLog.granted(accessContextOf(request), decision.role, [{ caseId, scope }]);
    const shiftDays = query.shiftDates === 'true' ? pseudonyms.shiftDays(caseId, MAX_DATE_SHIFT_DAYS) : 0;
    const context = {
      role: decision.role,
      pseudonym: (kind: string, id: string) => pseudonyms.pseudonymise(kind, id),
      shiftDays,
    };
    return { case: pseudonym, events: history.map((event) => pseudonymiseEvent(event, context)) };
  }

  /** Scoped to the caller: stable for them across sessions, unlinkable to anyone else's. */
  private pseudonymsOf(request: Request): Pseudonyms {
    return this.protection.pseudonyms(`principal:${principalOf(request).id}`);
  }

  private async decide(
    request: Request,
    action: ListAction,
    requested: ListRequest,
  ): Promise<ListDecision & { allowed: true }> {
    const decision = authorizeList(principalOf(request), action, requested);
    if (!decision.allowed) {
      await this.accessLog.denied(accessContextOf(request), decision, null);
      throw new AccessDeniedError(decision);
    }
    return decision;
  }
}
