import type { AsOfBasis } from '@casetrail/domain';
import type { StoredEvent } from './event-store.port';

// The bases and the rule for a case's state as of an instant (`historyAsOf`, voids and corrections
// honoured) are the domain's; re-exported for the callers that import them from here.
export { AS_OF_BASES, historyAsOf, type AsOfBasis } from '@casetrail/domain';

/**
 * The raw events of a stream as they stood at an instant, for the audit trail (GET /cases/{id}/events),
 * which shows every event, voided or not. By `recorded`, the prefix the system had then; by
 * `occurred`, every event whose own `occurredAt` is by then. Folds use `historyAsOf` instead.
 */
export const asOf = (
  history: readonly StoredEvent[],
  instant: string | undefined,
  basis: AsOfBasis = 'recorded',
): readonly StoredEvent[] => {
  if (instant === undefined) return history;
  const limit = new Date(instant).getTime();
  const field = basis === 'recorded' ? 'recordedAt' : 'occurredAt';
  return history.filter((event) => new Date(event[field]).getTime() <= limit);
};
