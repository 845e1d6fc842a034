import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  DomainError,
  ERASED_DATA_CATEGORIES,
  type ClientDataErased,
  type Principal,
  type Recorded,
} from '@casetrail/domain';
import {
  EVENT_STORE,
  WrongExpectedVersionError,
  type EventStore,
  type StoredEvent,
} from '@casetrail/event-store';
import { CONFIG, nameBasedId, type CasetrailConfig } from '@casetrail/platform';
import { PROTECTION, type ErasureRecord, type Protection } from '@casetrail/protection';
import type { AccessContext } from '../access/principal';
import { ExecuteCaseCommand } from '../cases/execute-case-command';
import type { EraseClientDto } from './erase-client.dto';

/** The route the receipts are recorded under, in the access log of a refusal and on resume alike. */
export const ERASURE_ROUTE = 'POST /clients/:clientId/erasure';

export interface ErasedCase {
  readonly caseId: string;
  readonly receiptEventId: string;
  readonly version: number;
  readonly affectedEvents: number;
}

/** What the erasure route answers: the record, and the receipt each case of the client holds. */
export interface ErasureReceipt {
  readonly erasureId: string;
  readonly clientId: string;
  readonly legalBasis: string;
  readonly requestedBy: string;
  readonly erasedBy: { readonly id: string; readonly role: string };
  readonly requestedAt: string;
  readonly destroyedAt: string | null;
  readonly completedAt: string | null;
  readonly erased: readonly string[];
  readonly cases: readonly ErasedCase[];
}

/** How often a resume that failed at start-up is tried again. */
export const RESUME_RETRY_MS = 5_000;
/** A case written to between its read and its receipt is read again, this many times. */
const RECEIPT_ATTEMPTS = 5;

/**
 * Erasure by crypto-shredding, as steps each safe to repeat: the record (before anything is
 * destroyed, so a crash leaves a record to resume from), the key and blind-index entries, a
 * receipt on each of the client's cases, then done. A repeat request or a restart runs whatever
 * steps are left; one that finds every step done changes nothing.
 *
 * No second approver: the legal basis, who asked, and the administrator who ordered it are in
 * the record and in every case's receipt, so each erasure is accountable afterwards; a
 * dual-control step before the key is destroyed is a follow-up.
 */
@Injectable()
export class ClientErasures implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ClientErasures');
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;
  /** The resume started at bootstrap (and by each retry): tests await it. */
  resumed: Promise<void> = Promise.resolve();
  retryMs = RESUME_RETRY_MS;

  constructor(
    @Inject(PROTECTION) private readonly protection: Protection,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
    private readonly bus: CommandBus,
  ) {}

  /** Not awaited by the start-up: a store that is down delays the resume, never the API. */
  onApplicationBootstrap(): void {
    this.resumed = this.resumePending();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
  }

  /**
   * Every erasure a crash left running, each on its own: one that fails is logged (ids only) and
   * does not hold up the others; any failure, of one or of the list, is tried again later.
   */
  async resumePending(): Promise<void> {
    let failed = false;
    try {
      for (const record of await this.protection.erasures.pending()) {
        try {
          await this.run(record, resumedBy(record));
          this.logger.log(`Resumed erasure ${record.erasureId} of client ${record.clientId}`);
        } catch (error) {
          failed = true;
          // The error's class only: its message may quote what a store was sent.
          this.logger.error(
            `Resuming erasure ${record.erasureId} of client ${record.clientId} failed (${(error as Error).name})`,
          );
        }
      }
    } catch (error) {
      failed = true;
      this.logger.error(`Listing the erasures to resume failed (${(error as Error).name})`);
    }
    if (!failed || this.stopped) return;
    this.logger.warn(`Trying the erasures left running again in ${this.retryMs} ms`);
    this.retry = setTimeout(() => {
      this.resumed = this.resumePending();
    }, this.retryMs);
    this.retry.unref();
  }

  /** The request: `created` is false when the erasure had already finished (nothing was changed). */
  async erase(
    clientId: string,
    body: EraseClientDto,
    access: AccessContext,
    requestedAt: string,
  ): Promise<{ readonly receipt: ErasureReceipt; readonly created: boolean }> {
    const existing = await this.protection.erasures.get(clientId);
    if (existing?.status === 'done') return { receipt: await this.receiptOf(existing), created: false };
    const cases = existing === null ? await this.protection.clientCases(clientId) : existing.caseIds;
    if (cases === null)
      throw new DomainError('CLIENT_NOT_FOUND', `Client ${clientId} does not exist`, { clientId });
    // A request arriving while another runs joins that one: `begin` answers the existing record.
    const record = await this.protection.erasures.begin({
      erasureId: randomUUID(),
      clientId,
      legalBasis: body.legalBasis,
      requestedBy: body.requestedBy,
      actor: { id: access.principal.id, role: 'administrator' },
      requestedAt,
      correlationId: access.correlationId,
      caseIds: cases,
    });
    const done = await this.run(record, access);
    return { receipt: await this.receiptOf(done), created: true };
  }

  private async run(begun: ErasureRecord, access: AccessContext): Promise<ErasureRecord> {
    const record =
      begun.destroyedAt === null ? await this.protection.erasures.destroy(begun.clientId, this.now()) : begun;
    for (const caseId of await this.casesOf(record)) await this.recordReceipt(record, caseId, access);
    return this.protection.erasures.complete(record.clientId, this.now());
  }

  /** The cases as the erasure began, and any a late engagement registered before the key went. */
  private async casesOf(record: ErasureRecord): Promise<readonly string[]> {
    const registered = (await this.protection.clientCases(record.clientId)) ?? [];
    return [...new Set([...record.caseIds, ...registered])];
  }

  private async recordReceipt(record: ErasureRecord, caseId: string, access: AccessContext) {
    for (let attempt = 1; ; attempt++) {
      const history = await this.store.readStream(caseId);
      // A case registered whose first append failed: nothing of the client was ever written there.
      if (history.length === 0 || receiptIn(history, record.erasureId) !== undefined) return;
      const command = new ExecuteCaseCommand(
        {
          type: 'RecordClientDataErasure',
          caseId,
          data: {
            erasureId: record.erasureId,
            clientId: record.clientId,
            legalBasis: record.legalBasis,
            requestedBy: record.requestedBy,
            affects: {
              eventIds: history.filter((e) => e.type !== 'ClientDataErased').map((e) => e.eventId),
              throughVersion: history.length,
            },
          },
          metadata: {
            recordedAt: this.now(),
            // The handler names the actor from the principal it authorizes; this is who asked.
            actor: { id: record.actor.id, role: 'administrator' },
            correlationId: record.correlationId,
            // One per erasure and case: a retry that raced an earlier attempt finds its receipt.
            causationId: nameBasedId(record.erasureId, 'receipt', caseId),
            timeZone: this.config.agencyTimeZone,
          },
        },
        access,
        history.length,
      );
      try {
        await this.bus.execute(command);
        return;
      } catch (error) {
        // Written to meanwhile: read it again, so the receipt names every event it affects.
        if (!(error instanceof WrongExpectedVersionError) || attempt >= RECEIPT_ATTEMPTS) throw error;
      }
    }
  }

  private async receiptOf(record: ErasureRecord): Promise<ErasureReceipt> {
    const cases: ErasedCase[] = [];
    for (const caseId of await this.casesOf(record)) {
      const receipt = receiptIn(await this.store.readStream(caseId), record.erasureId);
      if (receipt !== undefined)
        cases.push({
          caseId,
          receiptEventId: receipt.eventId,
          version: receipt.version,
          affectedEvents: receipt.data.affects.eventIds.length,
        });
    }
    return {
      erasureId: record.erasureId,
      clientId: record.clientId,
      legalBasis: record.legalBasis,
      requestedBy: record.requestedBy,
      erasedBy: record.actor,
      requestedAt: record.requestedAt,
      destroyedAt: record.destroyedAt,
      completedAt: record.completedAt,
      erased: ERASED_DATA_CATEGORIES,
      cases,
    };
  }

  // The one clock of this service: when each step happened, as the record states it.
  private now(): string {
    return new Date().toISOString();
  }
}

const receiptIn = (history: readonly StoredEvent[], erasureId: string) =>
  (history as readonly Recorded<ClientDataErased>[]).find(
    (event) => event.type === 'ClientDataErased' && event.data.erasureId === erasureId,
  );

/** On resume, the receipts go out under the authority of the administrator who ordered the erasure. */
const resumedBy = (record: ErasureRecord): AccessContext => {
  const principal: Principal = {
    id: record.actor.id,
    kind: 'person',
    roles: ['administrator'],
    teams: [],
    programs: [],
  };
  return { principal, route: ERASURE_ROUTE, correlationId: record.correlationId };
};
