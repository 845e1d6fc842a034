import { historyAsOf, type AsOfBasis, type CaseEvent, type Recorded } from '@casetrail/domain';
import { asOf, type StoredEvent } from '@casetrail/event-store';
import { foldEvents, type Projection, type StreamSource } from './projection';
import type { ReadModelDocument } from './store/read-model-store.port';

export { AS_OF_BASES, type AsOfBasis } from '@casetrail/domain';

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
      // A refolding projection shows the record as it counts then: voids and corrections known by then.
      const then = projection.refold
        ? (historyAsOf(
            history as unknown as Recorded<CaseEvent>[],
            instant,
            basis,
          ) as unknown as StoredEvent[])
        : asOf(history, instant, basis);
      docs[index] = foldEvents(projection, then);
    }
  };
  await Promise.all(Array.from({ length: Math.min(STREAMS_AT_ONCE, caseIds.length) }, worker));
  return docs.filter((doc): doc is D => doc !== null);
};
