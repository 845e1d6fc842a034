import type { CaseEvent, Recorded } from '@casetrail/domain';
import type { AsOfBasis } from '@casetrail/event-store';

/*
 * Stand-in for the domain's `effectiveHistory` / `historyAsOf` (issue #9, helper A), with the
 * semantics agreed for them; when they are exported from @casetrail/domain, import those instead
 * and delete this file, so the read models and the decider fold one history.
 */

/** The events as they count: voided entries left out, corrected ones with the corrected date, voids and corrections kept. */
export const effectiveHistory = <E extends Recorded<CaseEvent>>(events: readonly E[]): E[] => {
  const voided = new Set<string>();
  const corrected = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'EntryVoided') voided.add(event.data.entryId);
    if (event.type === 'EntryCorrected') corrected.set(event.data.entryId, event.data.occurredAt);
  }
  return events.flatMap((event) => {
    if (voided.has(event.eventId)) return [];
    const occurredAt = corrected.get(event.eventId);
    return occurredAt === undefined ? [event] : [{ ...event, occurredAt }];
  });
};

/**
 * As it stood at an instant. `recorded`: the prefix recorded by then, then effective (a void
 * recorded later does not count: what the agency knew). `occurred`: effective over the whole
 * history (corrections known now count), then what happened by then.
 */
export const historyAsOf = <E extends Recorded<CaseEvent>>(
  history: readonly E[],
  instant: string,
  basis: AsOfBasis,
): E[] => {
  const limit = new Date(instant).getTime();
  if (basis === 'recorded')
    return effectiveHistory(history.filter((e) => new Date(e.recordedAt).getTime() <= limit));
  return effectiveHistory(history).filter((e) => new Date(e.occurredAt).getTime() <= limit);
};
