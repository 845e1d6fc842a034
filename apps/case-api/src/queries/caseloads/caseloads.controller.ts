import { Controller, Get, Inject, Param, Query, Req, UnprocessableEntityException } from '@nestjs/common';
import type { Request } from 'express';
import {
  authorizeList,
  inFilter,
  maskRow,
  type CaseScope,
  type ListAction,
  type ListDecision,
  type ListRequest,
  type Role,
} from '@casetrail/domain';
import { AccessDeniedError } from '../../access/access-denied.error';
import { Access, ClientDataRead } from '../../access/access.decorator';
import { AccessLog, accessContextOf } from '../../access/access-log.service';
import { principalOf } from '../../access/principal';
import { ApiIdParams } from '../../http/openapi';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import { CONFIG, type CasetrailConfig } from '@casetrail/platform';
import { PII_OPENER, type PiiOpener } from '@casetrail/protection';
import {
  CASELOADS,
  caseloadProjection,
  caseloadSummary,
  documentsAsOf,
  queryCaseload,
  READ_MODEL_STORE,
  type CaseloadEntry,
  type CaseloadRow,
  type ReadModelStore,
} from '@casetrail/read-models';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseloadQuery, CaseManagerParams } from './caseload.query';
import { pointInTime, type PointInTime } from '../as-of';
import { FreshnessService } from '../freshness';

type Selection = Partial<Pick<CaseloadEntry, 'caseManagerId' | 'teamId' | 'programId'>>;

const asOfOf = (then: PointInTime | null) => (then === null ? {} : { asOf: then.asOf, basis: then.basis });

/** For answers that carry counts only: no client's data needs opening for them. */
const COUNTS_ONLY: PiiOpener = { open: () => Promise.resolve({ status: 'erased' }) };

/** Each row as the caller's role may see it (the role the policy decided the list under). */
const masked = <P extends { readonly cases: readonly CaseloadRow[] }>(
  decision: { readonly role: Role },
  page: P,
) => ({
  ...page,
  cases: page.cases.map((row) => maskRow(decision.role, row)),
});

const filterOf = (query: CaseloadQuery) => ({
  ...query,
  overdue: query.overdue === undefined ? undefined : query.overdue === 'true',
  pendingApproval: query.pendingApproval === undefined ? undefined : query.pendingApproval === 'true',
});

@ApiTags('caseloads')
@Controller('caseloads')
export class CaseloadsController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly freshness: FreshnessService,
    private readonly accessLog: AccessLog,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
    @Inject(PII_OPENER) private readonly opener: PiiOpener,
  ) {}

  @Get()
  @Access('caseload.team-or-program')
  @ClientDataRead('list')
  @ApiOperation({
    summary: 'A team’s or program’s caseload, for supervisors: counts per case manager and the cases',
  })
  @ApiResponse({ status: 422, description: 'TEAM_OR_PROGRAM_REQUIRED: name teamId or programId' })
  async forTeamOrProgram(
    @Query() query: CaseloadQuery,
    @Metadata() metadata: RequestMetadata,
    @Req() request: Request,
  ) {
    // 422, not 400: each field is valid on its own, and the document cannot say "one of the two".
    if (!query.teamId && !query.programId) {
      throw new UnprocessableEntityException({
        code: 'TEAM_OR_PROGRAM_REQUIRED',
        message: 'Name a team or a program',
        errors: [{ field: 'teamId', rule: 'teamIdOrProgramId', message: 'teamId or programId is required' }],
      });
    }
    const requested = query.teamId ? { teamId: query.teamId } : { programId: query.programId! };
    const then = pointInTime(query, this.config.agencyTimeZone);
    const { decision, entries } = await this.slice(
      request,
      'caseload.team-or-program',
      requested,
      requested,
      then,
    );
    const today = then?.today ?? metadata.recordedAt.slice(0, 10);
    const filter = filterOf(query);
    const page = masked(
      decision,
      await queryCaseload(
        entries,
        filter,
        today,
        decision.clientData ? this.opener : COUNTS_ONLY,
        then?.asOf ?? metadata.recordedAt,
      ),
    );
    // Counts only for roles that may not see clients (program managers): no case, no name.
    const cases = decision.clientData ? page : { total: page.total, offset: page.offset, limit: page.limit };
    if (decision.clientData) await this.recordRead(request, decision, page.cases);
    return {
      ...(query.teamId ? { teamId: query.teamId } : {}),
      ...(query.programId ? { programId: query.programId } : {}),
      ...asOfOf(then),
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
    const then = pointInTime(query, this.config.agencyTimeZone);
    const { decision, entries } = await this.slice(
      request,
      'caseload.unassigned',
      {},
      { caseManagerId: null },
      then,
    );
    const page = masked(
      decision,
      await queryCaseload(
        entries,
        filterOf(query),
        then?.today ?? metadata.recordedAt.slice(0, 10),
        this.opener,
        then?.asOf ?? metadata.recordedAt,
      ),
    );
    await this.recordRead(request, decision, page.cases);
    return { ...asOfOf(then), ...page, freshness: await this.freshness.current() };
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
    const then = pointInTime(query, this.config.agencyTimeZone);
    const { decision, entries } = await this.slice(
      request,
      'caseload.case-manager',
      { caseManagerId },
      { caseManagerId },
      then,
    );
    const page = masked(
      decision,
      await queryCaseload(
        entries,
        filterOf(query),
        then?.today ?? metadata.recordedAt.slice(0, 10),
        this.opener,
        then?.asOf ?? metadata.recordedAt,
      ),
    );
    await this.recordRead(request, decision, page.cases);
    return { caseManagerId, ...asOfOf(then), ...page, freshness: await this.freshness.current() };
  }

  /** The policy's slice of a list: refused outright, or cut to the rows the caller may see. */
  private async slice(
    request: Request,
    action: ListAction,
    requested: ListRequest,
    filter: Selection,
    then: PointInTime | null,
  ): Promise<{ decision: ListDecision & { allowed: true }; entries: CaseloadEntry[] }> {
    const decision = authorizeList(principalOf(request), action, requested);
    if (!decision.allowed) {
      await this.accessLog.denied(accessContextOf(request), decision, null);
      throw new AccessDeniedError(decision);
    }
    const allowed = (entry: CaseloadEntry) => inFilter(decision.filter, entry);
    // A past answer passes the policy twice: access follows the case as it is assigned now (a case
    // manager keeps nothing of a case transferred away), and the row shown is the case as it was.
    const found = then === null ? await this.entries(filter) : await this.entriesAsOf(filter, then, allowed);
    const entries = found.filter(allowed);
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

  private entries(filter: Selection) {
    return this.readModels.collection<CaseloadEntry>(CASELOADS).find(filter);
  }

  /**
   * The entries as they stood then: today's documents name the candidates (a case manager's by
   * everyone who ever held the case; program and team never change), each candidate's stream is
   * cut at the instant and folded by the caseload projection itself, and the selection is applied
   * to what the case was then. One stream read per candidate.
   */
  private async entriesAsOf(
    filter: Selection,
    then: PointInTime,
    allowedNow: (entry: CaseloadEntry) => boolean,
  ): Promise<CaseloadEntry[]> {
    const { caseManagerId, ...fixed } = filter;
    const candidates = (
      await this.readModels
        .collection<CaseloadEntry>(CASELOADS)
        .find(caseManagerId === undefined ? fixed : { ...fixed, caseManagerIds: caseManagerId })
    ).filter(allowedNow);
    const past = await documentsAsOf(
      caseloadProjection,
      this.events,
      candidates.map((c) => c.caseId),
      then.asOf,
      then.basis,
    );
    return past.filter((entry) =>
      (Object.keys(filter) as (keyof Selection)[]).every((key) => entry[key] === filter[key]),
    );
  }
}
