import type { CommandMetadata } from '../../shared/metadata';
import { entry } from '../../shared/records';
import { instant, toUtc } from '../../shared/time';
import { caseError } from '../case-errors';
import { isAfterDayOf, requireCase, requireNotBefore, requireText, whenItHappened } from '../case-rules';
import type { CaseState } from '../case-state';
import { dependentsOf } from '../entry-ledger';
import { requireLiveEntry } from '../voiding-entry/void-entry.command';
import type { EntryCorrected } from './entry-corrected.event';

/** Set right when an entry happened. Its content is corrected by voiding it and entering it again. */
export interface CorrectEntryDate {
  readonly type: 'CorrectEntryDate';
  readonly caseId: string;
  readonly data: {
    readonly entryId: string;
    /** When it really happened: an ISO-8601 instant with a zone. */
    readonly occurredAt: string;
    readonly reason: string;
  };
  readonly metadata: CommandMetadata;
}

/**
 * The corrected date keeps every dependency rule in both directions: not before what the entry
 * depends on, not after what depends on it, and not after the correction itself is recorded.
 */
export const correctEntryDate = (command: CorrectEntryDate, state: CaseState): readonly EntryCorrected[] => {
  const active = requireCase(state, command.caseId);
  const { data, metadata } = command;
  const target = requireLiveEntry(active, data.entryId);
  const occurredAt = whenItHappened(metadata, data.occurredAt);
  if (target.type !== 'ClientEngaged' && instant(occurredAt) < instant(active.engagedAt)) {
    throw caseError('OCCURRED_BEFORE_ENGAGEMENT', 'occurredAt cannot be before the client was engaged', {
      occurredAt,
      engagedAt: active.engagedAt,
    });
  }
  if (instant(occurredAt) === instant(target.occurredAt)) {
    throw caseError('ENTRY_NOT_CORRECTABLE', `Entry ${data.entryId} already happened at ${occurredAt}`, {
      entryId: data.entryId,
      occurredAt,
    });
  }
  if (
    target.earliestDateSet !== null &&
    !isAfterDayOf(target.earliestDateSet, { occurredAt, timeZone: metadata.timeZone })
  ) {
    throw caseError(
      'DATE_SET_NOT_AFTER_ENTRY',
      `Entry ${data.entryId} sets the date ${target.earliestDateSet}, which must fall after the day it happened (${occurredAt})`,
      { field: 'occurredAt', occurredAt, dateSet: target.earliestDateSet },
    );
  }
  for (const dependencyId of target.dependsOn) {
    const dependency = entry(active.ledger.entries, dependencyId);
    if (dependency === undefined) continue;
    requireNotBefore(occurredAt, 'occurredAt', {
      entry: dependency.type,
      id: dependencyId,
      occurredAt: dependency.occurredAt,
    });
  }
  for (const dependent of dependentsOf(active.ledger, data.entryId)) {
    if (instant(occurredAt) > instant(dependent.occurredAt)) {
      throw caseError(
        'OCCURRED_AFTER_DEPENDENT',
        `occurredAt ${occurredAt} is after ${dependent.occurredAt}, when the ${dependent.type} ${dependent.id} that depends on it happened`,
        {
          field: 'occurredAt',
          occurredAt,
          dependent: { entry: dependent.type, id: dependent.id, occurredAt: dependent.occurredAt },
        },
      );
    }
  }
  const reason = requireText(data.reason, 'REASON_REQUIRED', 'reason');
  return [
    {
      type: 'EntryCorrected',
      occurredAt: whenItHappened(metadata, undefined),
      data: {
        entryId: data.entryId,
        entryType: target.type,
        entryVersion: target.version,
        occurredAt,
        // History from before the UTC rule may carry an offset: the event says it in UTC.
        previousOccurredAt: toUtc(target.occurredAt),
      },
      pii: { reason },
    },
  ];
};
