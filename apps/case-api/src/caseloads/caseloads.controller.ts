import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CASELOADS, READ_MODEL_STORE, type CaseloadEntry, type ReadModelStore } from '@casetrail/read-models';
import { Metadata, type RequestMetadata } from '../http/request-metadata';

@ApiTags('caseloads')
@ApiHeader({ name: 'x-actor-id', required: true })
@Controller('caseloads')
export class CaseloadsController {
  constructor(@Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore) {}

  @Get(':caseManagerId')
  @ApiOperation({ summary: 'A case manager’s open cases' })
  async forCaseManager(
    @Param('caseManagerId') caseManagerId: string,
    @Metadata() _metadata: RequestMetadata,
  ) {
    const entries = await this.readModels
      .collection<CaseloadEntry>(CASELOADS)
      .find({ caseManagerId, status: 'open' });
    const cases = entries
      .sort((a, b) => a.engagedAt.localeCompare(b.engagedAt) || a.caseId.localeCompare(b.caseId))
      .map(({ _id, ...entry }) => entry);
    return { caseManagerId, total: cases.length, cases };
  }
}
