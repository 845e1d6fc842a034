import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  authorizeCase,
  DomainError,
  foldCase,
  scopeOf,
  type CaseEvent,
  type Recorded,
  type Role,
} from '@casetrail/domain';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import { PROTECTION, type Protection } from '@casetrail/protection';
import { Access, ClientDataRead } from '../access/access.decorator';
import { AccessLog, type AccessedCase } from '../access/access-log.service';
import { ClientParams } from '../clients/client-params';
import { ApiIdParams } from '../http/openapi';
import { Metadata, type RequestMetadata } from '../http/request-metadata';
import { PageQuery } from '../queries/page.query';
import { DISCLOSURE_STORE, type DisclosureStore } from '@casetrail/platform';

const EXAMPLE = {
  messageId: '4b1f0c9e-2d7a-5c3e-a1b2-9f8e7d6c5b4a',
  clientId: 'c-1042',
  partnerId: 'svc-partner-a',
  caseId: '6f1c2a4e-1b7d-4c1e-9a51-3d2f0b8e7c10',
  eventId: '0b9e6c2d-5a41-4f7e-8c3b-2e1d9f6a4b57',
  eventType: 'NeedsAssessed',
  kind: 'disclosure',
  consentIds: ['consent-1'],
  categories: ['housing'],
  fields: ['data.assessmentId', 'data.needs[].domain'],
  topic: 'casetrail.case-events.v1.partner.svc-partner-a',
  disclosedAt: '2026-12-01T14:02:11.000Z',
  position: 1042,
};

/**
 * The accounting of disclosures for a client (42 CFR Part 2): what of their records went to which
 * partner, when, under which consent. Decided per case: the caller sees the records of the client's
 * cases it may read, and a client none of whose cases it may read is not found, as for a search.
 */
@ApiTags('clients')
@Controller('clients')
export class DisclosuresController {
  constructor(
    @Inject(PROTECTION) private readonly protection: Protection,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DISCLOSURE_STORE) private readonly disclosures: DisclosureStore,
    @Inject(AccessLog) private readonly accessLog: AccessLog,
  ) {}

  @Get(':clientId/disclosures')
  @Access('client.read-disclosures')
  @ClientDataRead('list')
  @ApiIdParams(':clientId/disclosures')
  @ApiOperation({
    summary: 'What of a client’s records went to partners, oldest first, paged: no values, only what and why',
  })
  @ApiResponse({
    status: 200,
    description: 'The page of disclosure records',
    schema: {
      example: { clientId: EXAMPLE.clientId, total: 1, offset: 0, limit: 100, disclosures: [EXAMPLE] },
    },
  })
  @ApiResponse({
    status: 404,
    description: 'CLIENT_NOT_FOUND: no such client, or none of whose cases you may read',
  })
  async list(
    @Param() { clientId }: ClientParams,
    @Query() query: PageQuery,
    @Metadata() metadata: RequestMetadata,
  ) {
    const principal = metadata.access.principal;
    const readable = new Map<Role, AccessedCase[]>();
    const allowed = new Set<string>();
    for (const caseId of (await this.protection.clientCases(clientId)) ?? []) {
      const history = await this.store.readStream(caseId);
      const scope = scopeOf(foldCase(history as readonly Recorded<CaseEvent>[]));
      // No emergency access: breaking the glass is for one named case, with a reason.
      const decision = authorizeCase(principal, 'client.read-disclosures', caseId, scope);
      if (!decision.allowed || scope === null) continue;
      allowed.add(caseId);
      readable.set(decision.role, [...(readable.get(decision.role) ?? []), { caseId, scope }]);
    }
    if (allowed.size === 0)
      throw new DomainError('CLIENT_NOT_FOUND', `Client ${clientId} does not exist`, { clientId });
    const records = (await this.disclosures.forClient(clientId)).filter((r) => allowed.has(r.caseId));
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 100;
    // Recorded before the answer leaves, like every read of a client's records.
    for (const [role, cases] of readable) await this.accessLog.granted(metadata.access, role, cases);
    return {
      clientId,
      total: records.length,
      offset,
      limit,
      disclosures: records.slice(offset, offset + limit),
    };
  }
}
