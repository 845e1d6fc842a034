import { effectiveHistory, isCaseStream, type CaseEvent, type Recorded } from '@casetrail/domain';
import type { StoredEvent } from '@casetrail/event-store';

import type { ReadModelCollection, ReadModelDocument, ReadModelStore } from './store/read-model-store.port';

/**
 * A projection is pure: which document an event touches, and what that document
 * becomes. The runner does the I/O and stamps the stream version on the result.
 */
export interface Projection<D extends ReadModelDocument> {
  readonly collection: string;
  documentId(event: StoredEvent): string | null;
  evolve(doc: D | null, event: StoredEvent): Omit<D, 'version'> | null;
  /**
   * For a read model that shows the record as it counts: events that change what earlier ones
   * mean (a void, a date correction) are not applied one step on; the document is folded anew
   * from the stream up to them, as it counts (`history`). Absent: every event is one step.
   */
  readonly refold?: {
    on(event: StoredEvent): boolean;
    history(events: readonly StoredEvent[]): readonly StoredEvent[];
    /** A stored document an older release wrote, lacking what evolve needs: folded anew at its next event. */
    outdated?(doc: D): boolean;
  };
}

const REFOLDING_TYPES: ReadonlySet<string> = new Set(['EntryVoided', 'EntryCorrected']);

/**
 * A read model with one document per case, keyed by the case id: only that case's events
 * change it, which is what lets its version guard make redelivery harmless. Events of other
 * stream families (the access log) share the global log and are none of its business.
 */
export const perCaseProjection = <D extends ReadModelDocument>(
  collection: string,
  evolve: (doc: Omit<D, 'version'> | null, event: Recorded<CaseEvent>) => Omit<D, 'version'> | null,
  options: { readonly refold?: boolean; readonly outdated?: (doc: D) => boolean } = {},
): Projection<D> => ({
  collection,
  documentId: (event) => (isCaseStream(event.streamId) ? event.streamId : null),
  evolve: (doc, event) => evolve(doc, event as Recorded<CaseEvent>),
  ...(options.refold
    ? {
        refold: {
          on: (event: StoredEvent) => REFOLDING_TYPES.has(event.type),
          history: (events: readonly StoredEvent[]) =>
            effectiveHistory(events as unknown as Recorded<CaseEvent>[]),
          ...(options.outdated ? { outdated: options.outdated } : {}),
        },
      }
    : {}),
});

/** An event the projection cannot apply however often it is retried: it goes to the dead letters. */
export class PoisonEventError extends Error {
  constructor(
    readonly event: StoredEvent,
    readonly projection: string,
    cause: unknown,
  ) {
    super(
      `${projection} cannot apply ${event.type} v${event.schemaVersion} at ${event.streamId}@${event.version}: ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
      { cause },
    );
    this.name = 'PoisonEventError';
  }
}

/** What one event does to one document, by the projector's rules. */
export type EventEffect<D extends ReadModelDocument> =
  | { readonly kind: 'applied'; readonly doc: D }
  /**
   * The projection ignores it (evolve answered null) but the document exists: only its version moves
   * on, so that the document's version is always the last stream version it has seen, and "the next
   * version" stays meaningful for the gap check.
   */
  | { readonly kind: 'advanced'; readonly doc: D }
  /** At or below the document's version: a redelivery. */
  | { readonly kind: 'duplicate' }
  /** The projection ignores it and there is no document to carry its version. */
  | { readonly kind: 'ignored' }
  /** Evolve threw: the projector dead-letters it, the document stays as it was. */
  | { readonly kind: 'poisoned'; readonly error: PoisonEventError };

/**
 * The projector's rules for one event on one document, shared by the runner and by anything
 * that folds a read model in memory (the CLI's replay), so the two cannot disagree. Whether the
 * event is the next one for the document is the runner's business (it has the event store).
 */
export const applyEvent = <D extends ReadModelDocument>(
  projection: Projection<D>,
  id: string,
  doc: D | null,
  event: StoredEvent,
): EventEffect<D> => {
  if (doc && doc.version >= event.version) return { kind: 'duplicate' };
  let next: Omit<D, 'version'> | null;
  try {
    next = projection.evolve(doc, event);
  } catch (error) {
    return { kind: 'poisoned', error: new PoisonEventError(event, projection.collection, error) };
  }
  if (next === null)
    return doc ? { kind: 'advanced', doc: { ...doc, version: event.version } } : { kind: 'ignored' };
  return { kind: 'applied', doc: { ...next, _id: id, version: event.version } as D };
};

/**
 * A projection's document folded from scratch over events of one stream, in order, by the
 * projector's rules (each event through `applyEvent`; one whose evolve throws is skipped, as the
 * projector dead-letters it and carries on). Events are taken as given: a refolding projection is
 * handed the history as it counts (`refold.history`, or the domain's history as of a date).
 */
export const foldEvents = <D extends ReadModelDocument>(
  projection: Projection<D>,
  events: readonly StoredEvent[],
): D | null => {
  let doc: D | null = null;
  for (const event of events) {
    const id = projection.documentId(event);
    if (id === null) continue;
    const effect: EventEffect<D> = applyEvent(projection, id, doc, event);
    if (effect.kind === 'applied' || effect.kind === 'advanced') doc = effect.doc;
  }
  return doc;
};

/** The document a projection makes of a whole stream: as it counts, for a refolding projection. */
export const foldProjection = <D extends ReadModelDocument>(
  projection: Projection<D>,
  events: readonly StoredEvent[],
): D | null => foldEvents(projection, projection.refold ? projection.refold.history(events) : events);

/** Where a runner reads the versions a message skipped: the event store, the source of truth. */
export interface StreamSource {
  readStream(streamId: string, fromVersion?: number): Promise<readonly StoredEvent[]>;
}

/** What the runner did about a message that was not the next version of its document. */
export interface GapReport {
  readonly projection: string;
  readonly streamId: string;
  /** The version the document expected next, and the one that came. */
  readonly expected: number;
  readonly received: number;
  /** `filled`: versions expected..received applied from the store; `unknown`: not in the store, dead-lettered. */
  readonly outcome: 'filled' | 'unknown';
  /** Versions applied from the store (the received one included). */
  readonly filled: number;
  /** Versions in the gap the store has no event for (a hole passed by the store). */
  readonly missing: readonly number[];
  /** Versions in the gap whose evolve threw (dead-lettered when their own message came). */
  readonly skipped: readonly number[];
}

export interface RunnerOptions {
  /**
   * With a source, an event that is not the next version of its document is checked against the
   * store: the store's versions in between are applied first, and an event the store does not have
   * at that version with that id is poison. Without one (a rebuild, fed by the store itself, in
   * order) events are trusted and applied as they come.
   */
  readonly source?: StreamSource;
  /**
   * Where a refolding projection reads a stream to fold it anew (a void, a correction): the event
   * store. Defaults to `source`; a rebuild, which trusts the order it is fed, gives only this.
   * Without either, such an event is poison: applied one step on, it would leave the voided entry in.
   */
  readonly history?: StreamSource;
  readonly onGap?: (report: GapReport) => void;
}

export interface BatchOutcome {
  readonly applied: number;
  readonly duplicates: number;
  readonly poisoned: readonly PoisonEventError[];
}

/** Why a message the store does not know is never applied: ids and versions only. */
const unknownEvent = (event: StoredEvent, stream: readonly StoredEvent[]): string => {
  const atVersion = stream.find((e) => e.version === event.version);
  if (atVersion) return `the event store has another event (${atVersion.eventId}) at that version`;
  return `not in the event store (the stream is at v${stream.at(-1)?.version ?? 0} there)`;
};

/**
 * Applies events to one projection's documents. An event at or below a document's version is a
 * redelivery and changes nothing, so delivery may repeat while the effect happens once. An
 * event beyond the next version is never applied as is (see `RunnerOptions.source`).
 * Errors from the store propagate (transient: the batch is redelivered); an `evolve` that
 * throws marks that event as poison and the rest of the batch carries on.
 */
export class ProjectionRunner<D extends ReadModelDocument> {
  private readonly docs: ReadModelCollection<D>;

  constructor(
    private readonly projection: Projection<D>,
    store: ReadModelStore,
    collection: string = projection.collection,
    private readonly options: RunnerOptions = {},
  ) {
    this.docs = store.collection<D>(collection);
  }

  /** One read and one write round trip per batch; documents that lost a race are redone one by one. */
  async applyBatch(events: readonly StoredEvent[]): Promise<BatchOutcome> {
    const touched = events.flatMap((event) => {
      const id = this.projection.documentId(event);
      return id === null ? [] : [{ id, event }];
    });
    if (touched.length === 0) return { applied: 0, duplicates: 0, poisoned: [] };
    const ids = [...new Set(touched.map((t) => t.id))];
    const stored = new Map((await this.docs.getMany(ids)).map((doc) => [doc._id, doc]));
    const outcome = await this.evolveAll(touched, stored);
    const lost = await this.docs.putMany(
      [...outcome.changed.values()].map((doc) => ({
        doc,
        previousVersion: stored.get(doc._id)?.version ?? null,
      })),
    );
    if (lost.length === 0)
      return { applied: outcome.applied, duplicates: outcome.duplicates, poisoned: outcome.poisoned };
    // Someone else wrote those documents meanwhile: redo just them, against what is stored now.
    const retry = await this.applyBatch(touched.filter((t) => lost.includes(t.id)).map((t) => t.event));
    const undone = lost.reduce((sum, id) => sum + (outcome.appliedTo.get(id) ?? 0), 0);
    return {
      applied: outcome.applied - undone + retry.applied,
      duplicates: outcome.duplicates + retry.duplicates,
      poisoned: [...outcome.poisoned, ...retry.poisoned],
    };
  }

  private async evolveAll(
    touched: readonly { id: string; event: StoredEvent }[],
    stored: ReadonlyMap<string, D>,
  ) {
    const current = new Map(stored);
    // The last version seen per document in this batch, ignored events included.
    const seen = new Map<string, number>();
    const changed = new Map<string, D>();
    const poisoned: PoisonEventError[] = [];
    const appliedTo = new Map<string, number>();
    const streams = new Map<string, Promise<readonly StoredEvent[]>>();
    let applied = 0;
    let duplicates = 0;
    const apply = (id: string, event: StoredEvent): EventEffect<D> => {
      const effect = applyEvent(this.projection, id, current.get(id) ?? null, event);
      if (effect.kind === 'duplicate') return effect;
      seen.set(id, event.version);
      if (effect.kind === 'applied' || effect.kind === 'advanced') {
        current.set(id, effect.doc);
        changed.set(id, effect.doc);
      }
      if (effect.kind === 'applied') {
        appliedTo.set(id, (appliedTo.get(id) ?? 0) + 1);
        applied++;
      }
      return effect;
    };
    const readOnce = (from: StreamSource, streamId: string) => {
      let read = streams.get(streamId);
      if (!read) {
        read = from.readStream(streamId, 1);
        streams.set(streamId, read);
      }
      return read;
    };
    for (const { id, event } of touched) {
      const at = Math.max(current.get(id)?.version ?? 0, seen.get(id) ?? 0);
      const source = this.options.source;
      const refold = this.projection.refold;
      const stored = current.get(id);
      const refolds =
        refold !== undefined &&
        (refold.on(event) || (stored !== undefined && refold.outdated?.(stored) === true));
      if (refolds && event.version > at) {
        const history = this.options.history ?? source;
        const stream = history ? await readOnce(history, event.streamId) : null;
        const known = stream?.find((e) => e.version === event.version && e.eventId === event.eventId);
        if (!stream || !known) {
          const reason = stream
            ? unknownEvent(event, stream)
            : 'a refold needs the event store, and none was given';
          poisoned.push(new PoisonEventError(event, this.projection.collection, new Error(reason)));
          continue;
        }
        // The versions in between come with the stream: the document is made again from all of it.
        const upTo = stream.filter((e) => e.version <= event.version).sort((a, b) => a.version - b.version);
        const doc = foldProjection(this.projection, upTo);
        seen.set(id, event.version);
        if (doc !== null) {
          const stamped = { ...doc, _id: id, version: event.version };
          current.set(id, stamped);
          changed.set(id, stamped);
          appliedTo.set(id, (appliedTo.get(id) ?? 0) + 1);
          applied++;
        }
        continue;
      }
      if (event.version <= at + 1 || !source) {
        const effect = apply(id, event);
        if (effect.kind === 'duplicate') duplicates++;
        if (effect.kind === 'poisoned') poisoned.push(effect.error);
        continue;
      }
      // Not the next version: the store says what came in between, and whether this event exists.
      const stream = await readOnce(source, event.streamId);
      const report = { projection: this.projection.collection, streamId: event.streamId, expected: at + 1 };
      const known = stream.find((e) => e.version === event.version && e.eventId === event.eventId);
      if (!known) {
        poisoned.push(
          new PoisonEventError(event, this.projection.collection, new Error(unknownEvent(event, stream))),
        );
        this.options.onGap?.({
          ...report,
          received: event.version,
          outcome: 'unknown',
          filled: 0,
          missing: [],
          skipped: [],
        });
        continue;
      }
      const gap = stream
        .filter((e) => e.version > at && e.version <= event.version)
        .sort((a, b) => a.version - b.version);
      const present = new Set(gap.map((e) => e.version));
      const missing: number[] = [];
      for (let v = at + 1; v < event.version; v++) if (!present.has(v)) missing.push(v);
      const skipped: number[] = [];
      let filled = 0;
      for (const fill of gap) {
        const effect = apply(id, fill);
        if (effect.kind === 'applied') filled++;
        if (effect.kind !== 'poisoned') continue;
        // The message itself is poison: dead-lettered like any other; those before it were (or will be) with theirs.
        if (fill.version === event.version) poisoned.push(effect.error);
        else skipped.push(fill.version);
      }
      this.options.onGap?.({
        ...report,
        received: event.version,
        outcome: 'filled',
        filled,
        missing,
        skipped,
      });
    }
    return { applied, duplicates, poisoned, changed, appliedTo };
  }
}
