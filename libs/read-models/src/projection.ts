import type { StoredEvent } from '@casetrail/event-store';
import type { ReadModelDocument, ReadModelStore } from './store/read-model-store.port';

/**
 * A projection is pure: which document an event touches, and what that document
 * becomes. The runner does the I/O and stamps the stream version on the result.
 */
export interface Projection<D extends ReadModelDocument> {
  readonly collection: string;
  documentId(event: StoredEvent): string | null;
  evolve(doc: D | null, event: StoredEvent): Omit<D, 'version'> | null;
}

export type ApplyOutcome = 'applied' | 'duplicate' | 'ignored';

/** Applies events one by one; a redelivered or older event leaves the document as it is. */
export class ProjectionRunner<D extends ReadModelDocument> {
  constructor(
    private readonly projection: Projection<D>,
    private readonly store: ReadModelStore,
  ) {}

  async apply(event: StoredEvent): Promise<ApplyOutcome> {
    const id = this.projection.documentId(event);
    if (id === null) return 'ignored';
    const docs = this.store.collection<D>(this.projection.collection);
    // Another projector instance may write the same document between read and write: retry on a lost race.
    for (;;) {
      const current = await docs.get(id);
      if (current && current.version >= event.version) return 'duplicate';
      const next = this.projection.evolve(current, event);
      if (next === null) return 'ignored';
      if (await docs.put({ ...next, _id: id, version: event.version } as D, current?.version ?? null))
        return 'applied';
    }
  }
}
