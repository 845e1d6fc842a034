import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  authorizeCase,
  DomainError,
  foldCase,
  scopeOf,
  type CaseClientChanged,
  type CaseEvent,
  type Recorded,
} from '@casetrail/domain';
import { EVENT_STORE, WrongExpectedVersionError, type EventStore } from '@casetrail/event-store';
import { CONFIG, nameBasedId, type CasetrailConfig } from '@casetrail/platform';
import { PROTECTION, type MergeRecord, type Protection } from '@casetrail/protection';
import { AccessDeniedError } from '../access/access-denied.error';
import type { AccessContext } from '../access/principal';
import { ExecuteCaseCommand } from '../cases/execute-case-command';
import type { MergeClientsDto } from './merge-clients.dto';

export interface MergedCase {
  readonly caseId: string;
  /** The case's CaseClientChanged; null for a registered case whose first append never happened. */
  readonly eventId: string | null;
  readonly version: number;
}

export interface MergeReceipt {
  readonly mergeId: string;
  readonly survivorClientId: string;
  readonly duplicateClientId: string;
  readonly mergedBy: { readonly id: string; readonly role: string };
  readonly mergedAt: string;
  readonly cases: readonly MergedCase[];
}

const CHANGE_ATTEMPTS = 5;

/**
 * Two records of one person made one, in steps each safe to repeat: the mapping in the protection
 * registry first (so the duplicate's id answers the survivor at once, and a retry finds the merge),
 * then a CaseClientChanged on each case of the duplicate. Nothing is rewritten: the duplicate's
 * events stay sealed under its key, and every read opens each event by the key id it carries.
 */
@Injectable()
export class ClientMerges {
  constructor(
    @Inject(PROTECTION) private readonly protection: Protection,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
    private readonly bus: CommandBus,
  ) {}

  async merge(
    survivorClientId: string,
    body: MergeClientsDto,
    access: AccessContext,
    requestedAt: string,
  ): Promise<{ readonly receipt: MergeReceipt; readonly created: boolean }> {
    const { duplicateClientId } = body;
    if (duplicateClientId === survivorClientId)
      throw new DomainError('MERGE_INTO_ITSELF', `Client ${survivorClientId} cannot be merged into itself`, {
        clientId: survivorClientId,
      });
    const existing = await this.protection.merges.get(duplicateClientId);
    if (existing !== null && existing.survivorClientId !== survivorClientId)
      throw new DomainError(
        'CLIENT_ALREADY_MERGED',
        `Client ${duplicateClientId} was merged into another client already`,
        { duplicateClientId, mergeId: existing.mergeId },
      );
    let record = existing;
    if (record === null) {
      await this.checkMergeable(survivorClientId, duplicateClientId, access);
      const caseIds = (await this.protection.clientCases(duplicateClientId)) ?? [];
      record = await this.protection.merges.record({
        mergeId: nameBasedId(access.correlationId, 'merge', duplicateClientId),
        duplicateClientId,
        survivorClientId,
        caseIds,
        actor: { id: access.principal.id, role: 'supervisor' },
        mergedAt: requestedAt,
      });
    }
    const cases: MergedCase[] = [];
    for (const caseId of record.caseIds)
      cases.push(await this.changeCase(record, caseId, body.reason, access));
    return { receipt: receiptOf(record, cases), created: existing === null };
  }

  /**
   * Refused before anything is written: a client unknown or erased on either side, a survivor that
   * is itself a merged duplicate, a duplicate that others were merged into (the registry follows one
   * step only), and a caller who may not merge every case of the duplicate nor read the survivor.
   */
  private async checkMergeable(survivorClientId: string, duplicateClientId: string, access: AccessContext) {
    for (const clientId of [survivorClientId, duplicateClientId]) {
      if ((await this.protection.erasures.get(clientId)) !== null)
        throw new DomainError('CLIENT_DATA_ERASED', `Client ${clientId}'s data has been erased`, {
          clientId,
        });
      if ((await this.protection.merges.get(clientId)) !== null && clientId === survivorClientId)
        throw new DomainError(
          'CLIENT_MERGED',
          `Client ${clientId} was merged into another: merge into that one`,
          {
            clientId,
          },
        );
    }
    if ((await this.protection.merges.into(duplicateClientId)).length > 0)
      throw new DomainError(
        'CLIENT_MERGED',
        `Other clients were merged into ${duplicateClientId}: merge the other way round`,
        { clientId: duplicateClientId },
      );
    const survivorCases = await this.protection.clientCases(survivorClientId);
    const duplicateCases = await this.protection.clientCases(duplicateClientId);
    if (survivorCases === null || duplicateCases === null)
      throw new DomainError('CLIENT_NOT_FOUND', 'No such client', {
        clientId: survivorCases === null ? survivorClientId : duplicateClientId,
      });
    let seesSurvivor = false;
    for (const caseId of survivorCases) {
      const state = foldCase((await this.store.readStream(caseId)) as readonly Recorded<CaseEvent>[]);
      if (
        state.status !== 'initial' &&
        authorizeCase(access.principal, 'case.read', caseId, scopeOf(state)).allowed
      )
        seesSurvivor = true;
    }
    if (!seesSurvivor)
      throw new DomainError('CLIENT_NOT_FOUND', `No client ${survivorClientId} with a case you may read`, {
        clientId: survivorClientId,
      });
    for (const caseId of duplicateCases) {
      const state = foldCase((await this.store.readStream(caseId)) as readonly Recorded<CaseEvent>[]);
      if (state.status === 'initial') continue;
      const decision = authorizeCase(access.principal, 'client.merge', caseId, scopeOf(state));
      if (!decision.allowed) throw new AccessDeniedError(decision);
    }
  }

  private async changeCase(
    record: MergeRecord,
    caseId: string,
    reason: string,
    access: AccessContext,
  ): Promise<MergedCase> {
    for (let attempt = 1; ; attempt++) {
      const history = await this.store.readStream(caseId);
      const done = changeIn(history, record.mergeId);
      if (done !== undefined) return { caseId, eventId: done.eventId, version: done.version };
      if (history.length === 0) return { caseId, eventId: null, version: 0 };
      const command = new ExecuteCaseCommand(
        {
          type: 'ChangeCaseClient',
          caseId,
          data: {
            mergeId: record.mergeId,
            fromClientId: record.duplicateClientId,
            toClientId: record.survivorClientId,
            reason,
          },
          metadata: {
            recordedAt: new Date().toISOString(),
            actor: { id: record.actor.id, role: 'supervisor' },
            correlationId: access.correlationId,
            // One per merge and case: a retry that raced an earlier attempt finds its change.
            causationId: nameBasedId(record.mergeId, 'change', caseId),
            timeZone: this.config.agencyTimeZone,
          },
        },
        access,
        history.length,
      );
      try {
        const result = await this.bus.execute(command);
        const event = result.events.at(-1);
        return { caseId, eventId: event?.eventId ?? null, version: result.version };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= CHANGE_ATTEMPTS) throw error;
      }
    }
  }
}

const changeIn = (history: readonly { type: string }[], mergeId: string) =>
  (history as readonly Recorded<CaseClientChanged>[]).find(
    (event) => event.type === 'CaseClientChanged' && event.data.mergeId === mergeId,
  );

const receiptOf = (record: MergeRecord, cases: readonly MergedCase[]): MergeReceipt => ({
  mergeId: record.mergeId,
  survivorClientId: record.survivorClientId,
  duplicateClientId: record.duplicateClientId,
  mergedBy: record.actor,
  mergedAt: record.mergedAt,
  cases,
});
