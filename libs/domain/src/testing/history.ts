/**
 * given/when/then over a stored history: each event recorded at versions 1.. (entry ids
 * `case-0001-e<version>`), folded as every read folds it, voids and corrections honoured.
 */
import type { CaseEvent } from '../cases/case-events';
import { effectiveHistory } from '../cases/effective-history';
import type { Recorded } from '../shared/envelope';
import { CASE_ID, spec } from './fixtures';
import { recorded } from './recorded';

export const stored = (...events: readonly CaseEvent[]): Recorded<CaseEvent>[] =>
  events.map((event, index) => recorded(event, { version: index + 1 }));

export const entryId = (version: number): string => `${CASE_ID}-e${version}`;

export const givenStored = (...events: readonly CaseEvent[]) => spec(effectiveHistory(stored(...events)));
