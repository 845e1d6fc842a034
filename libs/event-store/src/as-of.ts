import type { StoredEvent } from './event-store.port';

/** `recorded`: what the system knew by then; `occurred`: what had happened by then. */
export const AS_OF_BASES = ['recorded', 'occurred'] as const;
export type AsOfBasis = (typeof AS_OF_BASES)[number];

/**
 * The events of a stream as they stood at an instant. By `recorded`, the prefix the system
 * had then; by `occurred`, every event whose `occurredAt` is by then, applied in stream order
 * (a note written late about an earlier visit counts from when the visit happened).
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
