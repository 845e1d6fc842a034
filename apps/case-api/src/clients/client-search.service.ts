import { Inject, Injectable } from '@nestjs/common';
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
import { PROTECTION, type ClientMatch, type Protection } from '@casetrail/protection';
import { AccessLog, type AccessedCase } from '../access/access-log.service';
import type { AccessContext } from '../access/principal';
import type { SearchClientsDto } from './search-clients.dto';

/**
 * Finding a client again (duplicate detection at intake): the blind index answers which clients
 * match, and each of their cases is decided as a read of it would be. A client none of whose
 * cases the caller may read is left out, so a search cannot tell anyone that a person is known
 * to the agency elsewhere. The cases answered are recorded in the access log like any read.
 */
@Injectable()
export class ClientSearch {
  constructor(
    @Inject(PROTECTION) private readonly protection: Protection,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AccessLog) private readonly accessLog: AccessLog,
  ) {}

  async find(query: SearchClientsDto, access: AccessContext): Promise<readonly ClientMatch[]> {
    const found = await this.protection.findClients({
      ...(query.givenName === undefined ? {} : { givenName: query.givenName }),
      ...(query.familyName === undefined ? {} : { familyName: query.familyName }),
      ...(query.dateOfBirth === undefined ? {} : { dateOfBirth: query.dateOfBirth }),
    });
    const matches: ClientMatch[] = [];
    const readable = new Map<Role, AccessedCase[]>();
    for (const { clientId, caseIds } of found) {
      const mayRead: string[] = [];
      for (const caseId of caseIds) {
        const history = await this.store.readStream(caseId);
        const scope = scopeOf(foldCase(history as readonly Recorded<CaseEvent>[]));
        // No emergency access here: breaking the glass is for one named case, with a reason.
        const decision = authorizeCase(access.principal, 'case.read', caseId, scope);
        if (!decision.allowed || scope === null) continue;
        mayRead.push(caseId);
        readable.set(decision.role, [...(readable.get(decision.role) ?? []), { caseId, scope }]);
      }
      if (mayRead.length > 0) matches.push({ clientId, caseIds: mayRead });
    }
    for (const [role, cases] of readable) await this.accessLog.granted(access, role, cases);
    return matches;
  }

  /**
   * One client's record across cases: their episodes with the agency, in the order they were
   * engaged, as far as the caller may read them (each case decided as a read of it, and recorded in
   * the access log). Numbered among those the caller may read, so a gap tells no one of a case
   * elsewhere; a client none of whose cases the caller may read is answered as one never seen.
   */
  async record(
    clientId: string,
    access: AccessContext,
    status: 'open' | 'closed' | 'all' = 'all',
  ): Promise<ClientRecord> {
    // A merged duplicate's id answers its survivor's record (every case of both).
    const survivor = await this.protection.resolveClient(clientId);
    const caseIds = (await this.protection.clientCases(survivor)) ?? [];
    const episodes: Omit<ClientEpisode, 'episode'>[] = [];
    const readable = new Map<Role, AccessedCase[]>();
    for (const caseId of caseIds) {
      const state = foldCase((await this.store.readStream(caseId)) as readonly Recorded<CaseEvent>[]);
      if (state.status === 'initial') continue;
      const scope = scopeOf(state);
      const decision = authorizeCase(access.principal, 'case.read', caseId, scope);
      if (!decision.allowed || scope === null) continue;
      readable.set(decision.role, [...(readable.get(decision.role) ?? []), { caseId, scope }]);
      episodes.push({
        caseId,
        caseNumber: state.caseNumber,
        programId: state.programId,
        teamId: state.teamId,
        status: state.status,
        openedAt: state.engagedAt,
        closedAt: state.closing?.closedAt ?? null,
      });
    }
    if (episodes.length === 0)
      throw new DomainError('CLIENT_NOT_FOUND', `No client ${clientId} with a case you may read`, {
        clientId,
      });
    episodes.sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0));
    const numbered = episodes
      .map((e, i) => ({ episode: i + 1, ...e }))
      .filter((e) => status === 'all' || e.status === status);
    // Only the cases answered are read.
    const answered = new Set(numbered.map((e) => e.caseId));
    for (const [role, cases] of readable) {
      const read = cases.filter((c) => answered.has(c.caseId));
      if (read.length > 0) await this.accessLog.granted(access, role, read);
    }
    return { clientId: survivor, episodes: numbered };
  }
}

export interface ClientEpisode {
  readonly episode: number;
  readonly caseId: string;
  readonly caseNumber: string;
  readonly programId: string;
  readonly teamId: string | null;
  readonly status: 'open' | 'closed';
  readonly openedAt: string;
  readonly closedAt: string | null;
}

export interface ClientRecord {
  readonly clientId: string;
  readonly episodes: readonly ClientEpisode[];
}
