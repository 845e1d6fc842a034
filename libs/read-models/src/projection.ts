import { isCaseStream, type CaseEvent, type Recorded } from '@casetrail/domain';
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
}

/**
 * A read model with one document per case, keyed by the case id: only that case's events
 * change it, which is what lets its version guard make redelivery harmless. Events of other
 * stream families (the access log) share the global log and are none of its business.
 */
export const perCaseProjection = <D extends ReadModelDocument>(
  collection: string,
  evolve: (doc: Omit<D, 'version'> | null, event: Recorded<CaseEvent>) => Omit<D, 'version'> | null,
): Projection<D> => ({
  collection,
  documentId: (event) => (isCaseStream(event.streamId) ? event.streamId : null),
  evolve: (doc, event) => evolve(doc, event as Recorded<CaseEvent>),
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
  /** At or below the document's version: a redelivery. */
  | { readonly kind: 'duplicate' }
  /** The projection ignores it (evolve answered null). */
  | { readonly kind: 'ignored' }
  /** Evolve threw: the projector dead-letters it, the document stays as it was. */
  | { readonly kind: 'poisoned'; readonly error: PoisonEventError };

/**
 * The projector's rules for one event on one document, shared by the runner and by anything
 * that folds a read model in memory (the CLI's replay), so the two cannot disagree.
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
  if (next === null) return { kind: 'ignored' };
  return { kind: 'applied', doc: { ...next, _id: id, version: event.version } as D };
};

export interface BatchOutcome {
  readonly applied: number;
  readonly duplicates: number;
  readonly poisoned: readonly PoisonEventError[];
}

/**
 * Applies events to one projection's documents. An event at or below a document's version is a
 * redelivery and changes nothing, so delivery may repeat while the effect happens once.
 * Errors from the store propagate (transient: the batch is redelivered); an `evolve` that
 * throws marks that event as poison and the rest of the batch carries on.
 */
export class ProjectionRunner<D extends ReadModelDocument> {
  private readonly docs: ReadModelCollection<D>;

  constructor(
    private readonly projection: Projection<D>,
    store: ReadModelStore,
    collection: string = projection.collection,
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
    const outcome = this.evolveAll(touched, stored);
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

  private evolveAll(touched: readonly { id: string; event: StoredEvent }[], stored: ReadonlyMap<string, D>) {
    const current = new Map(stored);
    const changed = new Map<string, D>();
    const poisoned: PoisonEventError[] = [];
    const appliedTo = new Map<string, number>();
    let applied = 0;
    let duplicates = 0;
    for (const { id, event } of touched) {
      const effect = applyEvent(this.projection, id, current.get(id) ?? null, event);
      if (effect.kind === 'duplicate') duplicates++;
      if (effect.kind === 'poisoned') poisoned.push(effect.error);
      if (effect.kind !== 'applied') continue;
      current.set(id, effect.doc);
      changed.set(id, effect.doc);
      appliedTo.set(id, (appliedTo.get(id) ?? 0) + 1);
      applied++;
    }
    return { applied, duplicates, poisoned, changed, appliedTo };
  }
}
