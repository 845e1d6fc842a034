import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@casetrail/domain';
import {
  READ_MODEL_STORE,
  readAccessLogPage,
  readEmergencyAccesses,
  type ReadModelStore,
} from '@casetrail/read-models';
import { CaseParams } from '../cases/case-params';
import { ApiIdParams } from '../http/openapi';
import { Metadata, type RequestMetadata } from '../http/request-metadata';
import { FreshnessService } from '../read-models/freshness';
import { AccessLogQuery, EmergencyAccessQuery } from './access-log.query';

/** Who looked at a case's records, and the emergency accesses to review. Read from the access_log. */
@ApiTags('access-log')
@ApiHeader({ name: 'x-actor-id', required: true })
@Controller()
export class AccessLogController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly freshness: FreshnessService,
  ) {}

  // policy: case.access-log.read
  @Get('cases/:caseId/access-log')
  @ApiIdParams(':caseId/access-log')
  @ApiOperation({
    summary: 'Who accessed a case’s records, newest first, paged; denied attempts are marked denied',
  })
  async accessLog(
    @Param() { caseId }: CaseParams,
    @Query() query: AccessLogQuery,
    @Metadata() _metadata: RequestMetadata,
  ) {
    const page = await readAccessLogPage(this.readModels, caseId, query);
    return { caseId, ...page, freshness: await this.freshness.current('access') };
  }

  // policy: access.emergency.review
  @Get('access/emergency')
  @ApiOperation({
    summary: 'Emergency (break-the-glass) accesses for review, newest first: by team and period',
  })
  async emergency(@Query() query: EmergencyAccessQuery, @Metadata() _metadata: RequestMetadata) {
    let entries;
    try {
      entries = await readEmergencyAccesses(this.readModels, {
        teamIds: query.teamId ?? 'all',
        ...(query.from === undefined ? {} : { from: query.from }),
        ...(query.to === undefined ? {} : { to: query.to }),
      });
    } catch (error) {
      if (error instanceof RangeError) throw new DomainError('INVALID_PERIOD', error.message, {});
      throw error;
    }
    return {
      teamIds: query.teamId ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      total: entries.length,
      entries,
      freshness: await this.freshness.current('access'),
    };
  }
}
