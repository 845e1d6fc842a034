import { Controller, Get, Inject, Param, Query, Req, UnprocessableEntityException } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { authorizeList, inFilter, instant } from '@casetrail/domain';
import {
  agendaOf,
  AGENDAS,
  READ_MODEL_STORE,
  type AgendaDoc,
  type ReadModelStore,
} from '@casetrail/read-models';
import { AccessDeniedError } from '../../access/access-denied.error';
import { Access, ClientDataRead } from '../../access/access.decorator';
import { AccessLog, accessContextOf } from '../../access/access-log.service';
import { principalOf } from '../../access/principal';
import { ApiIdParams } from '../../http/openapi';
import { Metadata, type RequestMetadata } from '../../http/request-metadata';
import { CaseManagerParams } from '../caseloads/caseload.query';
import { FreshnessService } from '../freshness';
import { AgendaQuery } from './agenda.query';

const WEEK_MS = 7 * 86_400_000;

@ApiTags('agenda')
@Controller('agenda')
export class AgendaController {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly freshness: FreshnessService,
    private readonly accessLog: AccessLog,
  ) {}

  @Get(':caseManagerId')
  @Access('agenda.case-manager')
  @ClientDataRead('list')
  @ApiIdParams(':caseManagerId')
  @ApiOperation({
    summary: 'A worker’s appointments and open tasks due in a window (default: the next seven days)',
  })
  @ApiResponse({ status: 422, description: 'WINDOW_INVALID: `to` must be after `from`' })
  async forCaseManager(
    @Param() { caseManagerId }: CaseManagerParams,
    @Query() query: AgendaQuery,
    @Metadata() metadata: RequestMetadata,
    @Req() request: Request,
  ) {
    const now = metadata.recordedAt;
    const from = new Date(instant(query.from ?? now)).toISOString();
    const to = new Date(query.to === undefined ? instant(from) + WEEK_MS : instant(query.to)).toISOString();
    if (instant(to) <= instant(from)) {
      throw new UnprocessableEntityException({
        code: 'WINDOW_INVALID',
        message: 'The window must end after it starts',
        errors: [{ field: 'to', rule: 'afterFrom', message: 'to must be after from' }],
      });
    }
    const decision = authorizeList(principalOf(request), 'agenda.case-manager', { caseManagerId });
    if (!decision.allowed) {
      await this.accessLog.denied(accessContextOf(request), decision, null);
      throw new AccessDeniedError(decision);
    }
    // Found by the owner index; the policy then keeps the cases the caller may see.
    const docs = (
      await this.readModels.collection<AgendaDoc>(AGENDAS).find({ ownerIds: caseManagerId })
    ).filter((doc) => inFilter(decision.filter, doc));
    const items = agendaOf(docs, caseManagerId, { from, to, now });
    const counts = {
      appointments: items.filter((i) => i.kind === 'appointment').length,
      tasks: items.filter((i) => i.kind === 'task').length,
      overdueTasks: items.filter((i) => i.overdue).length,
    };
    const freshness = await this.freshness.current();
    // Counts only for roles that may not see clients' cases (program managers).
    if (!decision.clientData) return { caseManagerId, from, to, asOf: now, counts, freshness };
    const cases = [...new Map(items.map((i) => [i.caseId, i])).values()];
    await this.accessLog.granted(
      accessContextOf(request),
      decision.role,
      cases.map((i) => ({
        caseId: i.caseId,
        scope: { programId: i.programId, teamId: i.teamId, caseManagerId: i.caseManagerId },
      })),
    );
    return { caseManagerId, from, to, asOf: now, counts, items, freshness };
  }
}
