import { Controller, Get, Inject, Param, Query, Req, ServiceUnavailableException } from '@nestjs/common';
import type { Request } from 'express';
import { Access, ClientDataRead } from '../../access/access.decorator';
import { CaseReads } from '../../access/case-reads.service';
import { ApiIdParams } from '../../http/openapi';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, maySee } from '@casetrail/domain';
import {
  OutdatedTimelineError,
  READ_MODEL_STORE,
  TIMELINES,
  timelineClient,
  timelinePage,
  type ReadModelStore,
  type Timeline,
} from '@casetrail/read-models';
import { CaseParams } from '../../cases/case-params';
import { asOf } from '@casetrail/event-store';
import { CONFIG, type CasetrailConfig } from '@casetrail/platform';
import { PII_OPENER, type PiiOpener } from '@casetrail/protection';
import { FreshnessService } from '../freshness';
import { momentOf, requirePeriod } from '../period';
import { maskTimelineEntries } from './masked-entries';
import { TimelineQuery } from './timeline.query';

@ApiTags('timelines')
@Controller('cases')
export class TimelinesController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly freshness: FreshnessService,
    private readonly reads: CaseReads,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
    @Inject(PII_OPENER) private readonly opener: PiiOpener,
  ) {}

  @Get(':caseId/timeline')
  @Access('case.read-timeline')
  @ClientDataRead('case, break-the-glass')
  @ApiIdParams(':caseId/timeline')
  @ApiOperation({
    summary: 'A case’s timeline: every event as a readable entry, filtered, paged, or as it stood on a date',
  })
  @ApiResponse({
    status: 503,
    description:
      'READ_MODEL_REBUILD_REQUIRED: the stored timeline was written by an earlier release; run `casetrail rebuild timelines`',
    schema: {
      example: {
        code: 'READ_MODEL_REBUILD_REQUIRED',
        message:
          'The timeline read model holds documents of shape 1, this release reads shape 3: rebuild it (casetrail rebuild timelines)',
      },
    },
  })
  async timeline(@Param() { caseId }: CaseParams, @Query() query: TimelineQuery, @Req() request: Request) {
    // Decided on the event store, not the timeline: a lagging read model must not outlive a transfer.
    const opened = await this.reads.open(request, 'case.read-timeline', caseId);
    const zone = this.config.agencyTimeZone;
    requirePeriod(query.from, query.to, zone);
    // As of a past instant, the version and the very existence of the case are the store's as they were then.
    const known = query.asOf === undefined ? null : asOf(opened.history, query.asOf, 'recorded');
    if (known !== null && known.length === 0) {
      throw new DomainError('CASE_NOT_FOUND', `Case ${caseId} does not exist as of ${query.asOf}`, {
        caseId,
      });
    }
    const doc = await this.readModels.collection<Timeline>(TIMELINES).get(caseId);
    if (!doc) {
      // Also what a case not yet projected looks like: `freshness` tells the two apart.
      throw new DomainError('CASE_NOT_FOUND', `No timeline for case ${caseId}`, { caseId });
    }
    let page;
    try {
      // Days begin at the agency, not in UTC: the page is asked for the moments they name.
      page = await timelinePage(doc, this.opener, {
        ...query,
        timeZone: zone,
        ...(query.from === undefined ? {} : { from: momentOf(query.from, zone) }),
        ...(query.to === undefined ? {} : { to: momentOf(query.to, zone) }),
      });
    } catch (error) {
      if (error instanceof RangeError) throw new DomainError('INVALID_PERIOD', error.message, {});
      // Stored by an older release: a rebuild from the event log, not this request, can fix it.
      if (error instanceof OutdatedTimelineError)
        throw new ServiceUnavailableException({
          code: 'READ_MODEL_REBUILD_REQUIRED',
          message: error.message,
        });
      throw error;
    }
    const { clientName } = await timelineClient(doc, this.opener);
    // The role the policy decided under (break-the-glass included) decides what of each entry shows.
    const entries = await maskTimelineEntries(opened.role, page.entries, opened.history, this.opener);
    return {
      caseId,
      caseNumber: doc.caseNumber,
      clientName: maySee(opened.role, 'identity') ? clientName : null,
      version: known?.at(-1)?.version ?? doc.version,
      ...page,
      entries,
      freshness: await this.freshness.current(),
    };
  }
}
