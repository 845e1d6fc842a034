/**
 * History as it counts: one pure function that every fold of a case goes through (the command
 * handler, GET /cases/{id}, the replay CLI), so that voids and corrections mean the same everywhere.
 */
import { fold } from '../shared/decider';
import type { Recorded } from '../shared/envelope';
import { instant } from '../shared/time';
import { caseDecider } from './case-decider';
import type { CaseEvent } from './case-events';
import type { ActiveCase, CaseState, InitialCase } from './case-state';
import { readableLedger, type ReadableLedger } from './entry-ledger';

/** `recorded`: what the agency knew by then; `occurred`: what had happened by then, as known now. */
export const AS_OF_BASES = ['recorded', 'occurred'] as const;
export type AsOfBasis = (typeof AS_OF_BASES)[number];

/**
 * The events as they count: voided entries left out, corrected ones carrying their latest corrected
 * `occurredAt`, in stream order. The voids and corrections themselves stay (their evolve keeps the
 * ledger's bookkeeping). A void or correction naming another stream's event changes nothing.
 */
export const effectiveHistory = <E extends Recorded<CaseEvent>>(events: readonly E[]): readonly E[] => {
  const voided = new Set<string>();
  const corrected = new Map<string, string>();
  for (const event of events) {
    if (event.type === 'EntryVoided') voided.add(event.data.entryId);
    if (event.type === 'EntryCorrected') corrected.set(event.data.entryId, event.data.occurredAt);
  }
  if (voided.size === 0 && corrected.size === 0) return events;
  return events
    .filter((event) => !voided.has(event.eventId))
    .map((event) => {
      const occurredAt = corrected.get(event.eventId);
      return occurredAt === undefined ? event : { ...event, occurredAt };
    });
};

/**
 * A case's history as of an instant. `recorded`: the prefix recorded by then, made effective with
 * only the voids and corrections recorded by then (what the agency knew: a report published then
 * reproduces). `occurred`: the whole history made effective (corrections known now count), then
 * the events that happened by then. Without an instant: the effective history now.
 */
export const historyAsOf = <E extends Recorded<CaseEvent>>(
  history: readonly E[],
  asOf: string | undefined,
  basis: AsOfBasis = 'recorded',
): readonly E[] => {
  if (asOf === undefined) return effectiveHistory(history);
  const limit = instant(asOf);
  if (basis === 'recorded') return effectiveHistory(history.filter((e) => instant(e.recordedAt) <= limit));
  return effectiveHistory(history).filter((e) => instant(e.occurredAt) <= limit);
};

/** A case's state as GET /cases/{id} shows it: the ledger without the anchors the rules use. */
export type ReadableCase = InitialCase | (Omit<ActiveCase, 'ledger'> & { readonly ledger: ReadableLedger });

export const readableCase = (state: CaseState, timeZone: string): ReadableCase =>
  state.status === 'initial' ? state : { ...state, ledger: readableLedger(state.ledger, timeZone) };

/** A case's state from its stored history, voids and corrections honoured. */
export const foldCase = (events: readonly Recorded<CaseEvent>[]): CaseState =>
  fold<CaseEvent, CaseState>(caseDecider, effectiveHistory(events));
