import { Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { authorizeList, DomainError, type ListDecision } from '@casetrail/domain';
import { AccessDeniedError } from '../../access/access-denied.error';
import { Access, ClientDataRead } from '../../access/access.decorator';
import { AccessLog, accessContextOf } from '../../access/access-log.service';
import { CaseReads } from '../../access/case-reads.service';
import { principalOf } from '../../access/principal';
import { PII_OPENER, type PiiOpener } from '@casetrail/protection';
import {
  openAccessLogEntries,
  READ_MODEL_STORE,
  readAccessLogPage,
  readEmergencyAccesses,
  type ReadModelStore,
} from '@casetrail/read-models';
import { CaseParams } from '../../cases/case-params';
import { ApiIdParams } from '../../http/openapi';
import { FreshnessService } from '../freshness';
import { AccessLogQuery, EmergencyAccessQuery } from './access-log.query';

/** What an entry looks like, for the OpenAPI examples. */
const EXAMPLE_ENTRY = {
  caseId: '6f1c2a4e-1b7d-4c1e-9a51-3d2f0b8e7c10',
  eventId: '0b9e6c2d-5a41-4f7e-8c3b-2e1d9f6a4b57',
  position: 1042,
  at: '2026-12-01T14:02:11.000Z',
  actor: { id: 'cm-rivera', role: 'case_manager' },
  route: 'GET /cases/:caseId',
  outcome: 'granted',
  denial: null,
  reason: null,
  emergencyUntil: null,
  teamId: 'team-north',
  programId: 'housing-first',
};

/** Who looked at a case's records, and the emergency accesses to review. Read from the access_log. */
@ApiTags('access-log')
@Controller()
export class AccessLogController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly freshness: FreshnessService,
    private readonly reads: CaseReads,
    private readonly log: AccessLog,
    @Inject(PII_OPENER) private readonly opener: PiiOpener,
  ) {}

  @Get('cases/:caseId/access-log')
  @Access('case.read-access-log')
  @ClientDataRead('case')
  @ApiIdParams(':caseId/access-log')
  @ApiOperation({
    summary: 'Who accessed a case’s records, newest first, paged; denied attempts are marked denied',
  })
  @ApiResponse({
    status: 200,
    description: 'The page, newest first, and how far the access_log is behind the store',
    schema: {
      example: { caseId: EXAMPLE_ENTRY.caseId, total: 1, offset: 0, limit: 50, entries: [EXAMPLE_ENTRY] },
    },
  })
  async accessLog(@Param() { caseId }: CaseParams, @Query() query: AccessLogQuery, @Req() request: Request) {
    // Decided on the case as its history stands, and itself recorded: the log names who looked, and why.
    await this.reads.open(request, 'case.read-access-log', caseId);
    const page = await readAccessLogPage(this.readModels, caseId, query);
    const entries = await openAccessLogEntries(page.entries, this.opener);
    return { caseId, ...page, entries, freshness: await this.freshness.current('access') };
  }

  @Get('access/emergency')
  @Access('access.emergency-review')
  @ClientDataRead('list')
  @ApiOperation({
    summary: 'Emergency (break-the-glass) accesses for review, newest first: by team and period',
  })
  @ApiResponse({
    status: 200,
    description: 'Emergency accesses in the caller’s teams (all for auditors), newest first',
    schema: {
      example: {
        teamIds: ['team-north'],
        total: 1,
        entries: [
          {
            ...EXAMPLE_ENTRY,
            actor: { id: 'cm-south-4', role: 'case_manager' },
            outcome: 'emergency',
            reason: 'Client called the crisis line; her worker is on leave',
            emergencyUntil: '2026-12-01T15:02:11.000Z',
          },
        ],
      },
    },
  })
  async emergency(@Query() query: EmergencyAccessQuery, @Req() request: Request) {
    const decision = await this.reviewScope(request, query.teamId);
    // A supervisor reviews their own teams' emergencies; naming none means all of theirs.
    const teamIds =
      decision.filter.kind === 'teams' ? (query.teamId ?? decision.filter.teams) : (query.teamId ?? 'all');
    let entries;
    try {
      entries = await readEmergencyAccesses(this.readModels, {
        teamIds,
        ...(query.from === undefined ? {} : { from: query.from }),
        ...(query.to === undefined ? {} : { to: query.to }),
      });
    } catch (error) {
      if (error instanceof RangeError) throw new DomainError('INVALID_PERIOD', error.message, {});
      throw error;
    }
    // The list carries the reasons given, which can name clients: reading it is an access too.
    await this.log.granted(
      accessContextOf(request),
      decision.role,
      entries.map((e) => ({
        caseId: e.caseId,
        scope:
          e.programId === null ? null : { programId: e.programId, teamId: e.teamId, caseManagerId: null },
      })),
    );
    return {
      teamIds: query.teamId ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
      total: entries.length,
      entries: await openAccessLogEntries(entries, this.opener),
      freshness: await this.freshness.current('access'),
    };
  }

  /** Every team named must be in the caller's reach; one outside it refuses the whole request. */
  private async reviewScope(
    request: Request,
    teams: readonly string[] | undefined,
  ): Promise<ListDecision & { allowed: true }> {
    const principal = principalOf(request);
    const decisions = (teams ?? [undefined]).map((teamId) =>
      authorizeList(principal, 'access.emergency-review', teamId === undefined ? {} : { teamId }),
    );
    const refused = decisions.find((d) => !d.allowed);
    if (refused && !refused.allowed) {
      await this.log.denied(accessContextOf(request), refused, null);
      throw new AccessDeniedError(refused);
    }
    return decisions[0] as ListDecision & { allowed: true };
  }
}
