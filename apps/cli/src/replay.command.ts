import {
  caseDecider,
  CALENDAR_DATE,
  CASE_PSEUDONYM_KIND,
  MAX_DATE_SHIFT_DAYS,
  pseudonymiseEvent,
  ISO_INSTANT,
  isCaseStream,
  readableCase,
  type AccessedCase,
  type CaseEvent,
  type CaseState,
  type Recorded,
} from '@casetrail/domain';
import type { EventStore, StoredEvent } from '@casetrail/event-store';
import type { PiiOpener } from '@casetrail/protection';
import {
  applyEvent,
  caseloadProjection,
  openClientName,
  timelineClient,
  timelinePage,
  timelineProjection,
  type Projection,
  type ReadModelDocument,
  type CaseloadEntry,
  type Timeline,
  type ReadableTimelineEntry,
} from '@casetrail/read-models';
// The API's own as-of rule, so that the CLI and GET /cases/{id}?asOf= can never disagree.
import { asOf, historyAsOf } from '@casetrail/event-store';
import { CliError, EXIT_USAGE, type Output } from './cli-error';
import { formatCount, measure, ProgressBar, RecentRate } from './progress';

export type Basis = 'recorded' | 'occurred';

/** A moment to replay to (undefined: now, i.e. everything), and which of an event's times counts. */
export interface AsOf {
  readonly instant: string | undefined;
  readonly basis: Basis;
}

const DAY = CALENDAR_DATE;
// A zone is required: an instant without one means a different moment on every machine.
const isZonedInstant = (value: string): boolean => ISO_INSTANT.test(value.toUpperCase());

/** A day (the start of that UTC day, as the timeline query reads it) or a zoned instant, as ISO-8601 UTC. */
export const parseInstant = (value: string): string => {
  const day = value.slice(0, 10);
  const dayStart = Date.parse(`${day}T00:00:00.000Z`);
  const time = Date.parse(DAY.test(value) ? `${value}T00:00:00.000Z` : value);
  // Date rolls 2025-02-30 over to March 2nd: the calendar day must survive the round trip.
  const realDay = !Number.isNaN(dayStart) && new Date(dayStart).toISOString().startsWith(day);
  if (!(DAY.test(value) || isZonedInstant(value)) || !realDay || Number.isNaN(time)) {
    throw new CliError(
      `--as-of must be a day (2025-03-01) or an instant with a zone (2025-03-01T12:00:00Z), not "${value}"`,
      EXIT_USAGE,
    );
  }
  return new Date(time).toISOString();
};

export const parseBasis = (value: string | undefined): Basis => {
  if (value === undefined || value === 'recorded' || value === 'occurred') return value ?? 'recorded';
  throw new CliError(`--basis must be "recorded" or "occurred", not "${value}"`, EXIT_USAGE);
};

// ---- Folding, as the projector would, in memory ----

/** One case folded so far: the decider's state and the read-model views the output shows. */
interface CaseFold {
  state: CaseState;
  version: number;
  caseload: CaseloadEntry | null;
  timeline: Timeline | null;
}

/** One event on one view, by the projector's own rules: what it would dead-letter is skipped here, with a warning. */
const applying = <D extends ReadModelDocument>(
  projection: Projection<D>,
  view: D | null,
  event: StoredEvent,
  warn: (message: string) => void,
): D | null => {
  const effect = applyEvent(projection, event.streamId, view, event);
  if (effect.kind === 'poisoned') warn(`skipped ${effect.error.message}`);
  // An ignored event still moves the document's version on ('advanced'), as in the projector.
  return effect.kind === 'applied' || effect.kind === 'advanced' ? effect.doc : view;
};

/** One event of the history as it counts on the state and the caseload (the timeline is folded apart). */
const foldEvent = (fold: CaseFold, event: StoredEvent, warn: (message: string) => void): void => {
  // The decider's evolve never throws: recorded history is a fact.
  fold.state = caseDecider.evolve(fold.state, event as Recorded<CaseEvent>);
  fold.caseload = applying(caseloadProjection, fold.caseload, event, warn);
  fold.version = event.version;
};

const emptyFold = (): CaseFold => ({
  state: caseDecider.initialState,
  version: 0,
  caseload: null,
  timeline: null,
});

const warnTo = (io: Output) => (message: string) => void io.stderr.write(`warning: ${message}\n`);

const describeAsOf = (when: AsOf): string =>
  when.instant === undefined ? 'now' : `as of ${when.instant} (by ${when.basis} time)`;

/**
 * Records that these cases' records are about to be shown; printing waits for it, and
 * nothing is printed if it fails (a replay shows client data, so it is an access).
 */
export type RecordAccess = (cases: readonly AccessedCase[]) => Promise<void>;

const accessedCase = (caseId: string, state: CaseState): AccessedCase =>
  state.status === 'initial'
    ? { caseId, teamId: null, programId: null }
    : { caseId, teamId: state.teamId, programId: state.programId };

// ---- One case ----

export interface CaseReplay {
  readonly caseId: string;
  readonly asOf: string | null;
  readonly basis: Basis;
  /** The stream version of the last event kept. */
  readonly version: number;
  readonly state: CaseState;
  /** Opened from the engagement, as GET /cases/{id}/timeline names the client; null once erased. */
  readonly clientName: string | null;
  /** In the order they happened, as GET /cases/{id}/timeline lists them. */
  readonly entries: readonly ReadableTimelineEntry[];
}

export const replayCase = async (
  store: EventStore,
  opener: PiiOpener,
  caseId: string,
  when: AsOf,
  warn: (message: string) => void = () => undefined,
  timeZone = 'UTC',
): Promise<CaseReplay> => {
  const history = await store.readStream(caseId);
  // The API's own rule for a case as of an instant (voids and corrections honoured).
  const events = historyAsOf(history as readonly Recorded<CaseEvent>[], when.instant, when.basis);
  if (events.length === 0) {
    throw new CliError(
      `Case ${caseId} does not exist${when.instant === undefined ? '' : ` as of ${when.instant}`}`,
    );
  }
  const fold = emptyFold();
  for (const event of events) foldEvent(fold, event, warn);
  // The timeline tells the record as written: a voided entry stays, struck through, so it is folded
  // over the events as stored by then, not over the history as it counts.
  for (const event of asOf(history, when.instant, when.basis))
    fold.timeline = applying(timelineProjection, fold.timeline, event, warn);
  const entries =
    fold.timeline === null
      ? []
      : (await timelinePage(fold.timeline, opener, { limit: Number.MAX_SAFE_INTEGER, timeZone })).entries;
  const clientName = fold.timeline === null ? null : (await timelineClient(fold.timeline, opener)).clientName;
  return {
    caseId,
    asOf: when.instant ?? null,
    basis: when.basis,
    version: fold.version,
    state: fold.state,
    clientName,
    entries,
  };
};

const indent = (text: string): string => `    ${text}`;

export const formatCaseReplay = (replay: CaseReplay): string => {
  const { state } = replay;
  const heading =
    state.status === 'initial'
      ? `Case ${replay.caseId}: not engaged`
      : `Case ${replay.caseId} (${state.caseNumber}), ${replay.clientName ?? 'client data erased'}: ${state.status}, ` +
        `${state.caseManagerId ? `case manager ${state.caseManagerId}` : 'unassigned'}`;
  const lines = [
    heading,
    `${describeAsOf({ instant: replay.asOf ?? undefined, basis: replay.basis })}; stream version ${replay.version}, ${replay.entries.length} ${replay.entries.length === 1 ? 'entry' : 'entries'}`,
    '',
  ];
  for (const entry of replay.entries) {
    lines.push(
      `${entry.occurredAt}  ${entry.title}`,
      indent(
        `recorded ${entry.recordedAt} by ${entry.actor.id} (${entry.actor.role})${entry.recordedLate ? ', late' : ''}`,
      ),
    );
    if (entry.detail !== '') lines.push(indent(entry.detail));
  }
  return `${lines.join('\n')}\n`;
};

export const runReplayCase = async (
  store: EventStore,
  opener: PiiOpener,
  caseId: string,
  when: AsOf,
  options: { readonly json: boolean; readonly timeZone?: string },
  io: Output,
  recordAccess: RecordAccess,
): Promise<void> => {
  const replay = await replayCase(store, opener, caseId, when, warnTo(io), options.timeZone);
  await recordAccess([accessedCase(caseId, replay.state)]);
  // The state as GET /cases/{id} shows it, so that the two answers can be compared as they are.
  const readable = { ...replay, state: readableCase(replay.state, options.timeZone ?? 'UTC') };
  io.stdout.write(options.json ? `${JSON.stringify(readable)}\n` : formatCaseReplay(replay));
};

// ---- Every case ----

export interface CaseSummary {
  readonly caseId: string;
  readonly asOf: string | null;
  readonly basis: Basis;
  readonly version: number;
  /** The caseload's stage (engagement ... closed), as the caseload read model derives it. */
  readonly stage: CaseloadEntry['stage'] | null;
  readonly state: CaseState;
  /** Opened from the caseload's copy of the engagement; null once erased. */
  readonly clientName: string | null;
}

/** Progress on stderr only where a replay takes long enough to wonder about. */
export const PROGRESS_FROM_EVENTS = 20_000;

/**
 * Streams the global log up to the head it finds at the start (a consistent cut, whatever is
 * appended meanwhile), keeps the events as of the instant and folds them per case.
 */
export const replayAll = async (
  store: EventStore,
  opener: PiiOpener,
  when: AsOf,
  options: { readonly batchSize: number },
  io: Output,
): Promise<{ readonly cases: readonly CaseSummary[]; readonly read: number; readonly kept: number }> => {
  const head = await store.headPosition();
  const bar =
    head >= PROGRESS_FROM_EVENTS || io.stderr.isTTY
      ? new ProgressBar(io.stderr, { json: io.json ?? false })
      : null;
  const recent = new RecentRate();
  const warn = warnTo(io);
  // A void or correction may come any number of pages after the entry it names: each case's
  // events are kept, and folded once its whole history (up to the cut) is in.
  const streams = new Map<string, StoredEvent[]>();
  const started = performance.now();
  let checkpoint = 0;
  let read = 0;
  let kept = 0;
  while (checkpoint < head) {
    const page = await store.readAll(checkpoint, Math.min(options.batchSize, head - checkpoint));
    if (page.events.length === 0) break;
    for (const event of page.events) {
      // The access log shares the global log; its streams are not cases.
      if (!isCaseStream(event.streamId)) continue;
      let stream = streams.get(event.streamId);
      if (stream === undefined) streams.set(event.streamId, (stream = []));
      stream.push(event);
    }
    read += page.events.length;
    checkpoint = page.checkpoint;
    bar?.update(
      'replay',
      recent.apply(measure(checkpoint, head, read, (performance.now() - started) / 1000)),
    );
  }
  bar?.end();
  const folds = new Map<string, CaseFold>();
  for (const [caseId, stream] of streams) {
    const fold = emptyFold();
    for (const event of historyAsOf(stream as Recorded<CaseEvent>[], when.instant, when.basis)) {
      foldEvent(fold, event, warn);
      kept++;
    }
    folds.set(caseId, fold);
  }
  const cases = await Promise.all(
    [...folds]
      .filter(([, fold]) => fold.state.status !== 'initial')
      .map(async ([caseId, fold]) => ({
        caseId,
        asOf: when.instant ?? null,
        basis: when.basis,
        version: fold.version,
        stage: fold.caseload?.stage ?? null,
        state: fold.state,
        clientName: fold.caseload === null ? null : (await openClientName(fold.caseload, opener)).clientName,
      })),
  );
  return { cases, read, kept };
};

/** Columns padded to their widest cell. */
const table = (rows: readonly (readonly string[])[]): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
};

export const formatCaseTable = (cases: readonly CaseSummary[]): string => {
  const header = ['CASE ID', 'NUMBER', 'CLIENT', 'STATUS', 'STAGE', 'CASE MANAGER', 'VERSION'];
  const rows = cases.map(({ caseId, state, stage, version, clientName }) =>
    state.status === 'initial'
      ? [caseId, '', '', state.status, '', '', String(version)]
      : [
          caseId,
          state.caseNumber,
          clientName ?? '(erased)',
          state.status,
          stage ?? '',
          state.caseManagerId ?? 'unassigned',
          String(version),
        ],
  );
  return `${table([header, ...rows])}\n`;
};

export const runReplayAll = async (
  store: EventStore,
  opener: PiiOpener,
  when: AsOf,
  options: { readonly json: boolean; readonly batchSize: number; readonly timeZone?: string },
  io: Output,
  recordAccess: RecordAccess,
): Promise<void> => {
  const { cases, read, kept } = await replayAll(store, opener, when, options, io);
  await recordAccess(cases.map((c) => accessedCase(c.caseId, c.state)));
  const zone = options.timeZone ?? 'UTC';
  if (options.json)
    for (const summary of cases)
      io.stdout.write(`${JSON.stringify({ ...summary, state: readableCase(summary.state, zone) })}\n`);
  else io.stdout.write(formatCaseTable(cases));
  io.stderr.write(
    `${formatCount(cases.length)} cases ${describeAsOf(when)}, from ${formatCount(kept)} of ${formatCount(read)} events\n`,
  );
};

// ---- Pseudonymised, for analysts ----

/** What an export needs of the codec: `Protection.pseudonyms(scope)`. */
export interface PseudonymCodec {
  pseudonymise(kind: string, id: string): string;
  shiftDays(caseId: string, maxShift: number): number;
}

export interface PseudonymisedReplayOptions {
  /** One case, or every case when undefined. */
  readonly caseId: string | undefined;
  readonly shiftDates: boolean;
  readonly batchSize: number;
}

/** The case streams of the store up to the head found at the start, each in stream order. */
const caseStreams = async (
  store: EventStore,
  batchSize: number,
): Promise<ReadonlyMap<string, readonly StoredEvent[]>> => {
  const head = await store.headPosition();
  const streams = new Map<string, StoredEvent[]>();
  let checkpoint = 0;
  while (checkpoint < head) {
    const page = await store.readAll(checkpoint, Math.min(batchSize, head - checkpoint));
    if (page.events.length === 0) break;
    for (const event of page.events) {
      if (!isCaseStream(event.streamId)) continue;
      let stream = streams.get(event.streamId);
      if (stream === undefined) streams.set(event.streamId, (stream = []));
      stream.push(event);
    }
    checkpoint = page.checkpoint;
  }
  return streams;
};

/**
 * Every event of the case (or of every case) as of the instant, one JSON line each, as
 * GET /analytics/timelines/{pseudonym} answers them: the record as written (a void stays, naming
 * the voided event by its pseudonym), no pii, no free text, ids as pseudonyms of this export's
 * scope, dates shifted per case when asked. The access log names the cases, as for any replay.
 */
export const runReplayPseudonymised = async (
  store: EventStore,
  codec: PseudonymCodec,
  when: AsOf,
  options: PseudonymisedReplayOptions,
  io: Output,
  recordAccess: RecordAccess,
): Promise<void> => {
  const warn = warnTo(io);
  const streams: ReadonlyMap<string, readonly StoredEvent[]> =
    options.caseId === undefined
      ? await caseStreams(store, options.batchSize)
      : new Map([[options.caseId, await store.readStream(options.caseId)]]);
  const exported: { caseId: string; events: readonly Recorded<CaseEvent>[] }[] = [];
  const accessed: AccessedCase[] = [];
  for (const [caseId, stream] of streams) {
    const events = asOf(stream, when.instant, when.basis) as readonly Recorded<CaseEvent>[];
    const fold = emptyFold();
    for (const event of historyAsOf(stream as readonly Recorded<CaseEvent>[], when.instant, when.basis))
      foldEvent(fold, event, warn);
    if (fold.state.status === 'initial') continue;
    exported.push({ caseId, events });
    accessed.push(accessedCase(caseId, fold.state));
  }
  if (options.caseId !== undefined && exported.length === 0)
    throw new CliError(
      `Case ${options.caseId} does not exist${when.instant === undefined ? '' : ` as of ${when.instant}`}`,
    );
  await recordAccess(accessed);
  let lines = 0;
  for (const { caseId, events } of exported) {
    const pseudonym = codec.pseudonymise(CASE_PSEUDONYM_KIND, caseId);
    const shiftDays = options.shiftDates ? codec.shiftDays(caseId, MAX_DATE_SHIFT_DAYS) : 0;
    const context = {
      role: 'analyst' as const,
      pseudonym: (kind: string, id: string) => codec.pseudonymise(kind, id),
      shiftDays,
    };
    for (const event of events) {
      io.stdout.write(`${JSON.stringify({ case: pseudonym, ...pseudonymiseEvent(event, context) })}\n`);
      lines++;
    }
  }
  io.stderr.write(
    `${formatCount(lines)} pseudonymised events of ${formatCount(exported.length)} cases ${describeAsOf(when)}\n`,
  );
};
