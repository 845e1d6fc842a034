import { BadRequestException, Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiIdParams } from '../http/openapi';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CASELOADS,
  caseloadSummary,
  queryCaseload,
  READ_MODEL_STORE,
  type CaseloadEntry,
  type ReadModelStore,
} from '@casetrail/read-models';
import { Metadata, type RequestMetadata } from '../http/request-metadata';
import { CaseloadQuery, CaseManagerParams } from './caseload.query';
import { FreshnessService } from './freshness';

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
  ) {}

  @Get()
  @ApiOperation({
    summary: 'A team’s or program’s caseload, for supervisors: counts per case manager and the cases',
  })
  async forTeamOrProgram(@Query() query: CaseloadQuery, @Metadata() metadata: RequestMetadata) {
    if (!query.teamId && !query.programId) {
      throw new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'Name a team or a program',
        errors: [{ field: 'teamId', rule: 'teamIdOrProgramId', message: 'teamId or programId is required' }],
      });
    }
    const entries = await this.entries(
      query.teamId ? { teamId: query.teamId } : { programId: query.programId! },
    );
    const today = metadata.recordedAt.slice(0, 10);
    return {
      ...(query.teamId ? { teamId: query.teamId } : {}),
      ...(query.programId ? { programId: query.programId } : {}),
      summary: caseloadSummary(entries, today),
      ...queryCaseload(entries, filterOf(query), today),
      freshness: await this.freshness.current(),
    };
  }

  @Get('unassigned')
  @ApiOperation({ summary: 'Open cases with no case manager, waiting for a supervisor' })
  async unassigned(@Query() query: CaseloadQuery, @Metadata() metadata: RequestMetadata) {
    const entries = await this.entries({ caseManagerId: null });
    return {
      ...queryCaseload(entries, filterOf(query), metadata.recordedAt.slice(0, 10)),
      freshness: await this.freshness.current(),
    };
  }

  @Get(':caseManagerId')
  @ApiIdParams(':caseManagerId')
  @ApiOperation({ summary: 'A case manager’s caseload: open cases by default, what is overdue' })
  async forCaseManager(
    @Param() { caseManagerId }: CaseManagerParams,
    @Query() query: CaseloadQuery,
    @Metadata() metadata: RequestMetadata,
  ) {
    const entries = await this.entries({ caseManagerId });
    return {
      caseManagerId,
      ...queryCaseload(entries, filterOf(query), metadata.recordedAt.slice(0, 10)),
      freshness: await this.freshness.current(),
    };
  }

  private entries(filter: Partial<Pick<CaseloadEntry, 'caseManagerId' | 'teamId' | 'programId'>>) {
    return this.readModels.collection<CaseloadEntry>(CASELOADS).find(filter);
  }
}
