import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { authorizeList, inFilter } from '@casetrail/domain';
import { AccessDeniedError } from '../../access/access-denied.error';
import { Access } from '../../access/access.decorator';
import { principalOf } from '../../access/principal';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import { CONFIG, type CasetrailConfig } from '@casetrail/platform';
import {
  CASE_FACTS,
  caseFactsProjection,
  documentsAsOf,
  outcomeReport,
  READ_MODEL_STORE,
  toCsv,
  withApprovedPlans,
  type CaseFacts,
  type ReadModelStore,
} from '@casetrail/read-models';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { pointInTime } from '../as-of';
import { FreshnessService } from '../freshness';
import { momentOf, requirePeriod } from '../period';
import { OutcomeReportQuery } from './outcome-report.query';

@ApiTags('reports')
@Controller('reports')
export class OutcomeReportsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly freshness: FreshnessService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
  ) {}

  @Get('outcomes')
  @Access('report.outcomes')
  @ApiOperation({
    summary:
      'Outcome measures for a period, per program, team or case manager (JSON, or CSV with format=csv)',
  })
  @ApiProduces('application/json', 'text/csv')
  async outcomes(
    @Query() query: OutcomeReportQuery,
    @Metadata() metadata: RequestMetadata,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    // Counts, never clients: a report is not a read of anyone's record, so it is not access-logged.
    const decision = authorizeList(principalOf(request), 'report.outcomes', {
      ...(query.programId ? { programId: query.programId } : {}),
      ...(query.teamId ? { teamId: query.teamId } : {}),
    });
    if (!decision.allowed) throw new AccessDeniedError(decision);
    requirePeriod(query.from, query.to, this.config.agencyTimeZone);
    const then = pointInTime(query, this.config.agencyTimeZone);
    const current = await this.readModels
      .collection<CaseFacts>(CASE_FACTS)
      .find(query.programId ? { programId: query.programId } : {})
      // Team is not indexed on case_facts: filtered here, after the program's equality.
      .then((found) => (query.teamId ? found.filter((f) => f.teamId === query.teamId) : found));
    // As of then: every case's facts folded again from its stream cut at the instant (one read per case).
    const facts =
      then === null
        ? current
        : await documentsAsOf(
            caseFactsProjection,
            this.events,
            current.map((f) => f.caseId),
            then.asOf,
            then.basis,
          );
    const now = then?.asOf ?? metadata.recordedAt;
    const counted = query.approvedPlansOnly === 'true' ? withApprovedPlans(facts, now) : facts;
    const rows = outcomeReport(
      counted.filter((f) => inFilter(decision.filter, f)),
      {
        from: momentOf(query.from, this.config.agencyTimeZone),
        to: momentOf(query.to, this.config.agencyTimeZone),
        groupBy: query.groupBy ?? 'program',
        now,
      },
    );
    const freshness = await this.freshness.current();
    if (query.format === 'csv') {
      response.setHeader('Content-Type', 'text/csv; charset=utf-8');
      response.setHeader('X-Casetrail-Behind-By-Events', String(freshness.behindByEvents));
      response.setHeader(
        'Content-Disposition',
        `attachment; filename="outcomes-${query.from.slice(0, 10)}.csv"`,
      );
      return toCsv(rows);
    }
    return {
      from: query.from,
      to: query.to,
      groupBy: query.groupBy ?? 'program',
      ...(then === null ? {} : { asOf: then.asOf, basis: then.basis }),
      ...(query.approvedPlansOnly === 'true' ? { approvedPlansOnly: true } : {}),
      rows,
      freshness,
    };
  }
}
