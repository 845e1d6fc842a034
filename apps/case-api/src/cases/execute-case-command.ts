import { randomUUID } from 'node:crypto';
import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  authorizeCase,
  authorizeEngagement,
  CASE_EVENT_SCHEMA_VERSION,
  caseDecider,
  commandAction,
  DomainError,
  engagementScope,
  foldCase,
  formsInForce,
  programFormsStreamId,
  scopeOf,
  type CaseCommand,
  type CaseEvent,
  type CaseScope,
  type Role,
  type CaseState,
  type CommandMetadata,
  type FormDefinition,
  type FormEvent,
  type Recorded,
} from '@casetrail/domain';
import {
  CONFIG,
  METRICS,
  type CasetrailConfig,
  type CasetrailMetrics,
  type CommandOutcome,
} from '@casetrail/platform';
import {
  EVENT_STORE,
  WrongExpectedVersionError,
  type EventStore,
  type EventToAppend,
  type StoredEvent,
} from '@casetrail/event-store';
import { PublisherService } from '@casetrail/messaging';
import { ClientErasedError, PROTECTION, type PiiOpener, type Protection } from '@casetrail/protection';
import { AccessDeniedError } from '../access/access-denied.error';
import { AccessLog } from '../access/access-log.service';
import type { AccessContext } from '../access/principal';
import { checkForDuplicates, type IntakeCheck } from '../clients/duplicate-check';
import { Vocabularies } from '../vocabularies/vocabularies.service';

/**
 * What the command bus carries from a controller to the handler below: the domain's command, who
 * asks, and the version the caller saw. Typed by its result, so `bus.execute` answers a CommandResult.
 */
export class ExecuteCaseCommand extends Command<CommandResult> {
  constructor(
    readonly command: CaseCommand,
    /** Who asks: the policy decides the command against the case as this handler reads it. */
    readonly access: AccessContext,
    /** From If-Match / expectedVersion; absent: the version just read. */
    readonly expectedVersion?: number,
    /** POST /cases only: whether the body linked a known client or confirmed a new one. */
    readonly intake?: IntakeCheck,
  ) {
    super();
  }
}

export interface CommandResult {
  readonly caseId: string;
  readonly version: number;
  readonly events: readonly StoredEvent[];
  /** True when an Idempotency-Key matched an earlier command: nothing new was appended. */
  readonly replayed: boolean;
}

/**
 * A decided event as the store keeps it: with its id, schema version, and who did it when, why;
 * `dataSubject` names the client whose key the sealing store seals its `pii` under (none: the
 * system records key, for an erasure receipt, whose client's key is gone by then).
 */
export const withEnvelope = (
  caseId: string,
  metadata: CommandMetadata,
  events: readonly CaseEvent[],
  dataSubject?: string,
): EventToAppend[] =>
  events.map((event) => ({
    ...event,
    eventId: randomUUID(),
    schemaVersion: CASE_EVENT_SCHEMA_VERSION[event.type],
    streamId: caseId,
    recordedAt: metadata.recordedAt,
    actor: metadata.actor,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    ...(metadata.traceparent === undefined ? {} : { traceparent: metadata.traceparent }),
    ...(dataSubject === undefined ? {} : { dataSubject }),
  }));

/** Keys sorted at every depth, so that equal events compare equal whatever order built them. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );

const decidedPart = (event: { type: string; occurredAt: string; data: unknown; pii?: unknown }) =>
  canonical({ type: event.type, occurredAt: event.occurredAt, data: event.data, pii: event.pii ?? null });

/**
 * Whether a retried command is the one its key first came with: decided again against the
 * history as it stood before its events, at the clock of that first time, it must decide the
 * very events it recorded then. Nothing is stored beside the events (no digest to keep in step
 * with them); the events themselves are the record of what was asked. Their `pii` is stored
 * sealed (a fresh IV each time), so it is compared opened; data that no longer opens (the client
 * was erased) cannot be compared at all.
 */
const decidesTheSame = async (
  opener: PiiOpener,
  command: CaseCommand,
  history: readonly StoredEvent[],
  earlier: readonly StoredEvent[],
): Promise<boolean | 'erased'> => {
  const first = earlier[0]!;
  const before = history.filter((e) => e.version < first.version);
  const state = foldCase(before as readonly Recorded<CaseEvent>[]);
  let again: readonly CaseEvent[];
  try {
    again = caseDecider.decide(
      { ...command, metadata: { ...command.metadata, recordedAt: first.recordedAt } },
      state,
    );
  } catch {
    // What was decided then would be refused now: not the same request.
    return false;
  }
  const opened = [];
  for (const event of earlier) {
    const pii = await opener.open(event.eventId, event.pii);
    if (pii.status === 'erased') return 'erased';
    opened.push({ ...event, pii: pii.pii });
  }
  return canonical(again.map(decidedPart)) === canonical(opened.map(decidedPart));
};

/**
 * Whose data a command's events hold: the client an engagement names, else the case's client. An
 * erasure receipt holds no one's: it is appended after their key is destroyed, and must outlive it.
 */
const dataSubjectOf = (command: CaseCommand, state: CaseState): string | undefined => {
  if (command.type === 'EngageClient') return command.data.clientId;
  if (command.type === 'RecordClientDataErasure') return undefined;
  if (state.status === 'initial')
    // The decider refuses every other command on a case that does not exist, before this is asked.
    throw new RangeError(`Case ${command.caseId} has no client`);
  return state.clientId;
};

/** The same answer the domain gives a case with a receipt: their key is gone, nothing more can be sealed. */
const erased = (clientId: string) => {
  const message = `Client ${clientId}'s data has been erased: nothing more can be recorded about them`;
  return new DomainError('CLIENT_DATA_ERASED', message, { clientId });
};

/** A refusal of the domain or the policy, a lost race, or anything else (a 5xx). */
export const outcomeOf = (error: unknown): CommandOutcome =>
  error === null
    ? 'ok'
    : error instanceof WrongExpectedVersionError
      ? 'conflict'
      : error instanceof DomainError || error instanceof AccessDeniedError
        ? 'rejected'
        : 'error';

/** What the blind index keeps of an engaged client (as HMACs): name, date of birth, phone. */
const identityOf = ({ data: { client } }: Extract<CaseCommand, { type: 'EngageClient' }>) => ({
  givenName: client.givenName,
  familyName: client.familyName,
  dateOfBirth: client.dateOfBirth,
  phone: client.phone ?? null,
});

/** The commands at a form's attachment point: only they need the program's forms read. */
const AT_FORM_ATTACHMENT: ReadonlySet<CaseCommand['type']> = new Set([
  'EngageClient',
  'AssessNeeds',
  'RecordContact',
  'TerminateCase',
]);

/** Load the stream, decide, append at the version read. The domain does the rest. */
@CommandHandler(ExecuteCaseCommand)
export class ExecuteCaseCommandHandler implements ICommandHandler<ExecuteCaseCommand, CommandResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly publisher: PublisherService,
    @Inject(AccessLog) private readonly accessLog: AccessLog,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
    @Inject(PROTECTION) private readonly protection: Protection,
    @Optional() @Inject(METRICS) private readonly metrics: CasetrailMetrics | null = null,
    // Absent only where a test builds the handler by hand: the built-in vocabularies then.
    @Optional() @Inject(Vocabularies) private readonly vocabularies: Vocabularies | null = null,
  ) {}

  execute(asked: ExecuteCaseCommand): Promise<CommandResult> {
    if (!this.metrics) return this.run(asked);
    // The command's type only: a bounded label, and never its data.
    return this.metrics.time(
      this.metrics.commandDuration,
      () => this.run(asked),
      (error) => ({
        command: asked.command.type,
        outcome: outcomeOf(error),
      }),
    );
  }

  private async run({
    command: asked,
    access,
    expectedVersion,
    intake,
  }: ExecuteCaseCommand): Promise<CommandResult> {
    const { caseId } = asked;
    const history = await this.store.readStream(caseId);
    // As it counts: voided entries left out, corrected dates applied.
    const state = foldCase(history as readonly Recorded<CaseEvent>[]);
    // Authorized against the case as of the version the command decides on: the append below is
    // conditional on that version, so a transfer landing meanwhile turns this write into a 409.
    const scope = scopeOf(state);
    const decision =
      asked.type === 'EngageClient'
        ? authorizeEngagement(access.principal, engagementScope(asked))
        : authorizeCase(access.principal, commandAction(asked, state), caseId, scope);
    if (!decision.allowed) {
      await this.accessLog.denied(access, decision, asked.type === 'EngageClient' ? null : caseId, scope);
      throw new AccessDeniedError(decision);
    }
    const command = {
      ...(await this.withRequestText(asked, history, access, decision.role, scope)),
      metadata: {
        ...asked.metadata,
        actor: { id: access.principal.id, role: decision.role },
        // The agency's days are counted where the configuration says, whatever the request carried.
        timeZone: this.config.agencyTimeZone,
        // What the case's program requires approved, as configured now; the events record it.
        approvalsRequired:
          state.status === 'initial' ? [] : (this.config.approvals.byProgram[state.programId] ?? []),
        // The agency's vocabularies in force: the codes the command names are checked against them.
        ...(this.vocabularies === null ? {} : { vocabulary: await this.vocabularies.catalog() }),
        // The versions of the program's forms in force now; the answers' event names the version.
        formsInForce: await this.formsInForceFor(asked, state),
      },
    } as CaseCommand;
    const { metadata } = command;
    // The command id is the causation id of its events: a retry finds them in the stream.
    const earlier = history.filter((e) => e.causationId === metadata.causationId);
    if (earlier.length > 0) {
      const same = await decidesTheSame(this.protection.opener, command, history, earlier);
      if (same === 'erased') throw erased(dataSubjectOf(command, state) ?? caseId);
      if (!same)
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used with a different request; use a new key for a new request',
          { caseId, version: earlier.at(-1)!.version },
        );
      return { caseId, version: earlier.at(-1)!.version, events: earlier, replayed: true };
    }
    if (expectedVersion !== undefined && expectedVersion !== history.length) {
      throw new WrongExpectedVersionError(caseId, expectedVersion, history.length);
    }
    const decided = caseDecider.decide(command, state);
    // Nothing decided (a receipt the case already holds): nothing to append, the case as it is.
    if (decided.length === 0) return { caseId, version: history.length, events: [], replayed: false };
    if (command.type === 'EngageClient') {
      // Decided and authorized first, so a caller who may not engage learns nothing of who is known.
      if (intake !== undefined && this.config.intake.duplicateCheck)
        await checkForDuplicates(
          { protection: this.protection, store: this.store, accessLog: this.accessLog },
          access,
          { caseId, clientId: command.data.clientId, identity: identityOf(command) },
          intake,
        );
      await this.prepareClient(command);
    }
    const result = await this.appendOrFindRetry(
      command,
      history.length,
      withEnvelope(caseId, metadata, decided, dataSubjectOf(command, state)),
    ).catch((error: unknown) => {
      // The key went between the read and the append (an erasure still recording its receipts).
      throw error instanceof ClientErasedError ? erased(error.clientId) : error;
    });
    if ('replayed' in result) return result;
    this.publisher.notify();
    return { caseId, version: result.nextExpectedVersion, events: result.events, replayed: false };
  }

  /**
   * An approved closing closes the case with the summary the worker wrote, and an approved transfer
   * moves it with the worker's reason; both are sealed in the request and never in the state. The
   * approver is reading the case to decide, so the request's text is opened here, recorded as a
   * read of the case, and passed into the command.
   */
  private async withRequestText(
    asked: CaseCommand,
    history: readonly StoredEvent[],
    access: AccessContext,
    role: Role,
    scope: CaseScope | null,
  ): Promise<CaseCommand> {
    if (asked.type === 'DecideClosingApproval' && asked.data.decision === 'approved') {
      const summary = await this.openRequest(
        history,
        'ClosingRequested',
        'summary',
        asked.caseId,
        access,
        role,
        scope,
      );
      return summary === null ? asked : { ...asked, data: { ...asked.data, summary } };
    }
    if (asked.type === 'DecideTransferApproval' && asked.data.decision === 'approved') {
      const reason = await this.openRequest(
        history,
        'TransferRequested',
        'reason',
        asked.caseId,
        access,
        role,
        scope,
      );
      return reason === null ? asked : { ...asked, data: { ...asked.data, reason } };
    }
    return asked;
  }

  /** The latest version of each of the case's program's forms, for a command that can carry answers. */
  private async formsInForceFor(command: CaseCommand, state: CaseState): Promise<readonly FormDefinition[]> {
    if (!AT_FORM_ATTACHMENT.has(command.type)) return [];
    const programId =
      command.type === 'EngageClient'
        ? command.data.programId
        : state.status === 'initial'
          ? null
          : state.programId;
    if (programId === null) return [];
    const events = await this.store.readStream(programFormsStreamId(programId));
    return formsInForce(events as readonly Recorded<FormEvent>[]);
  }

  /** The named text of the latest request of that type, opened and access-logged; null without one. */
  private async openRequest(
    history: readonly StoredEvent[],
    type: 'ClosingRequested' | 'TransferRequested',
    field: 'summary' | 'reason',
    caseId: string,
    access: AccessContext,
    role: Role,
    scope: CaseScope | null,
  ): Promise<string | null> {
    const request = history.findLast((event) => event.type === type);
    if (request === undefined) return null;
    const opened = await this.protection.opener.open(request.eventId, request.pii);
    await this.accessLog.granted(access, role, [{ caseId, scope }]);
    if (opened.status === 'erased') return '';
    const text = (opened.pii as Record<string, unknown>)[field];
    return typeof text === 'string' ? text : '';
  }

  /**
   * The client's key and blind-index entries exist before the first event sealed under the key is
   * appended. Decided first, so a refused engagement registers nothing; a failed append leaves a
   * registered case id with no stream, which readers of the registry expect.
   */
  private async prepareClient(command: Extract<CaseCommand, { type: 'EngageClient' }>) {
    const { clientId } = command.data;
    try {
      await this.protection.prepareClient(clientId, command.caseId, identityOf(command));
    } catch (error) {
      throw error instanceof ClientErasedError ? erased(clientId) : error;
    }
  }

  /** Two deliveries of one retried command race each other: the loser answers with the winner's events. */
  private async appendOrFindRetry(command: CaseCommand, version: number, events: readonly EventToAppend[]) {
    try {
      return await this.store.append(command.caseId, version, events);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const winner = (await this.store.readStream(command.caseId, version + 1)).filter(
        (e) => e.causationId === command.metadata.causationId,
      );
      if (winner.length === 0) throw error;
      return {
        caseId: command.caseId,
        version: winner.at(-1)!.version,
        events: winner,
        replayed: true as const,
      };
    }
  }
}
