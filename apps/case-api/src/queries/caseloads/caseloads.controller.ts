import { BadRequestException, Controller, Get, Inject, Param, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import {
  authorizeList,
  inFilter,
  type CaseScope,
  type ListAction,
  type ListDecision,
  type ListRequest,
} from '@casetrail/domain';
import { AccessDeniedError } from '../../access/access-denied.error';
import { Access, ClientDataRead } from '../../access/access.decorator';
import { AccessLog, accessContextOf } from '../../access/access-log.service';
import { principalOf } from '../../access/principal';
import { ApiIdParams } from '../../http/openapi';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CASELOADS,
  caseloadSummary,
  queryCaseload,
  READ_MODEL_STORE,
  type CaseloadEntry,
  type ReadModelStore,
} from '@casetrail/read-models';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseloadQuery, CaseManagerParams } from './caseload.query';
import { FreshnessService } from '../freshness';

const filterOf = (query: CaseloadQuery) => ({
  ...query,
  overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
});

@ApiTags('caseloads')
@Controller('caseloads')
export class CaseloadsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly freshness: FreshnessService,
    private readonly accessLog: AccessLog,
  ) {}

  @Get()
  @Access('caseload.team-or-program')
  @ClientDataRead('list')
  @ApiOperation({
    summary: 'A team’s or program’s caseload, for supervisors: counts per case manager and the cases',
  })
  async forTeamOrProgram(
    @Query() query: CaseloadQuery,
    @Metadata() metadata: RequestMetadata,
    @Req() request: Request,
  ) {
    if (!query.teamId && !query.programId) {
      throw new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'Name a team or a program',
        errors: [{ field: 'teamId', rule: 'teamIdOrProgramId', message: 'teamId or programId is required' }],
      });
    }
    const requested = query.teamId ? { teamId: query.teamId } : { programId: query.programId! };
    const { decision, entries } = await this.slice(request, 'caseload.team-or-program', requested, requested);
    const today = metadata.recordedAt.slice(0, 10);
    const filter = filterOf(query);
    const page = queryCaseload(entries, filter, today);
    // Counts only for roles that may not see clients (program managers): no case, no name.
    const cases = decision.clientData ? page : { total: page.total, offset: page.offset, limit: page.limit };
    if (decision.clientData) await this.recordRead(request, decision, page.cases);
    return {
      ...(query.teamId ? { teamId: query.teamId } : {}),
      ...(query.programId ? { programId: query.programId } : {}),
      summary: caseloadSummary(entries, today, filter),
      ...cases,
      freshness: await this.freshness.current(),
    };
  }

  @Get('unassigned')
  @Access('caseload.unassigned')
  @ClientDataRead('list')
  @ApiOperation({ summary: 'Open cases with no case manager, waiting for a supervisor' })
  async unassigned(
    @Query() query: CaseloadQuery,
    @Metadata() metadata: RequestMetadata,
    @Req() request: Request,
  ) {
    const { decision, entries } = await this.slice(
      request,
      'caseload.unassigned',
      {},
      { caseManagerId: null },
    );
    const page = queryCaseload(entries, filterOf(query), metadata.recordedAt.slice(0, 10));
    await this.recordRead(request, decision, page.cases);
    return { ...page, freshness: await this.freshness.current() };
  }

  @Get(':caseManagerId')
  @Access('caseload.case-manager')
  @ClientDataRead('list')
  @ApiIdParams(':caseManagerId')
  @ApiOperation({ summary: 'A case manager’s caseload: open cases by default, what is overdue' })
  async forCaseManager(
    @Param() { caseManagerId }: CaseManagerParams,
    @Query() query: CaseloadQuery,
    @Metadata() metadata: RequestMetadata,
    @Req() request: Request,
  ) {
    const { decision, entries } = await this.slice(
      request,
      'caseload.case-manager',
      { caseManagerId },
      { caseManagerId },
    );
    const page = queryCaseload(entries, filterOf(query), metadata.recordedAt.slice(0, 10));
    await this.recordRead(request, decision, page.cases);
    return { caseManagerId, ...page, freshness: await this.freshness.current() };
  }

  /** The policy's slice of a list: refused outright, or cut to the rows the caller may see. */
  private async slice(
    request: Request,
    action: ListAction,
    requested: ListRequest,
    filter: Partial<Pick<CaseloadEntry, 'caseManagerId' | 'teamId' | 'programId'>>,
  ): Promise<{ decision: ListDecision & { allowed: true }; entries: CaseloadEntry[] }> {
    const decision = authorizeList(principalOf(request), action, requested);
    if (!decision.allowed) {
      await this.accessLog.denied(accessContextOf(request), decision, null);
      throw new AccessDeniedError(decision);
    }
    const entries = (await this.entries(filter)).filter((entry) => inFilter(decision.filter, entry));
    return { decision, entries };
  }

  /** Every case whose entry (client name, stage, dates) goes out is recorded as read. */
  private recordRead(
    request: Request,
    decision: ListDecision & { allowed: true },
    cases: readonly (CaseScope & { readonly caseId: string })[],
  ): Promise<void> {
    return this.accessLog.granted(
      accessContextOf(request),
      decision.role,
      cases.map((entry) => ({ caseId: entry.caseId, scope: entry })),
    );
  }

  private entries(filter: Partial<Pick<CaseloadEntry, 'caseManagerId' | 'teamId' | 'programId'>>) {
    return this.readModels.collection<CaseloadEntry>(CASELOADS).find(filter);
  }
}
