import { asOf, type AsOfBasis, type StoredEvent } from '@casetrail/event-store';
import { applyEvent, type EventEffect, type Projection, type StreamSource } from './projection';
import type { ReadModelDocument } from './store/read-model-store.port';

export { AS_OF_BASES, type AsOfBasis } from '@casetrail/event-store';

/** The document a projection makes of one stream's events, by the projector's own rules; null if none. */
export const foldProjection = <D extends ReadModelDocument>(
  projection: Projection<D>,
  events: readonly StoredEvent[],
): D | null => {
  let doc: D | null = null;
  for (const event of events) {
    const id = projection.documentId(event);
    if (id === null) continue;
    const effect: EventEffect<D> = applyEvent(projection, id, doc, event);
    if (effect.kind === 'applied' || effect.kind === 'advanced') doc = effect.doc;
    // A poisoned event is dead-lettered by the projector, which carries on: so does this fold.
  }
  return doc;
};

/** How many streams are read at once: enough to overlap round trips, few enough to leave the pool to others. */
const STREAMS_AT_ONCE = 8;

/**
 * Per-case documents as they stood at an instant: each candidate's stream read from the event
 * store, cut to what was recorded (or had happened) by then, and folded by the same pure
 * projection the projector runs. One stream read per candidate; a case that did not exist then
 * has no document and is left out.
 */
export const documentsAsOf = async <D extends ReadModelDocument>(
  projection: Projection<D>,
  source: StreamSource,
  caseIds: readonly string[],
  instant: string,
  basis: AsOfBasis,
): Promise<D[]> => {
  const docs: (D | null)[] = new Array<D | null>(caseIds.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < caseIds.length) {
      const index = next++;
      const history = await source.readStream(caseIds[index]!, 1);
      docs[index] = foldProjection(projection, asOf(history, instant, basis));
    }
  };
  await Promise.all(Array.from({ length: Math.min(STREAMS_AT_ONCE, caseIds.length) }, worker));
  return docs.filter((doc): doc is D => doc !== null);
};
