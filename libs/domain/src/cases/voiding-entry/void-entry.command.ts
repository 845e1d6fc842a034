import type { CommandMetadata } from '../../shared/metadata';
import { entry } from '../../shared/records';
import { caseError } from '../case-errors';
import { requireCase, requireText, whenItHappened } from '../case-rules';
import type { ActiveCase, CaseState } from '../case-state';
import type { LedgerEntry } from '../entry-ledger';
import { dependentsOf } from '../entry-ledger';
import { isVoidableEntryType, type EntryType, type EntryVoided } from './entry-voided.event';

/** Strike an entry out of the record; the original stays in the history. */
export interface VoidEntry {
  readonly type: 'VoidEntry';
  readonly caseId: string;
  readonly data: {
    /** The eventId of the entry. */
    readonly entryId: string;
    readonly reason: string;
  };
  readonly metadata: CommandMetadata;
}

/**
 * The entry a void or correction names, as it counts now: it must be on this case and not voided.
 * Closed cases too: setting the record right is how a wrong closing or reopening is repaired.
 */
export const requireLiveEntry = (
  active: ActiveCase,
  entryId: string,
): LedgerEntry & { readonly type: EntryType; readonly id: string } => {
  const voided = entry(active.ledger.voided, entryId);
  if (voided !== undefined) {
    throw caseError('ENTRY_ALREADY_VOIDED', `Entry ${entryId} was voided on ${voided.voidedAt}`, {
      entryId,
      entryType: voided.entryType,
      voidedAt: voided.voidedAt,
    });
  }
  const found = entry(active.ledger.entries, entryId);
  if (found === undefined) {
    throw caseError('UNKNOWN_ENTRY', `Entry ${entryId} is not on this case`, { entryId });
  }
  const { type } = found;
  if (type === 'EntryVoided' || type === 'EntryCorrected' || type === 'ClientDataErased') {
    throw caseError(
      'ENTRY_NOT_VOIDABLE',
      `Entry ${entryId} is a ${type}: voids and corrections stand, a new correction follows them`,
      { entryId, entryType: type },
    );
  }
  if (!isVoidableEntryType(type)) {
    throw caseError(
      'ENTRY_NOT_VOIDABLE',
      `Entry ${entryId} is a ${type}: the released contract cannot name it in a void or correction yet`,
      { entryId, entryType: type },
    );
  }
  return { ...found, type, id: entryId };
};

export const voidEntry = (command: VoidEntry, state: CaseState): readonly EntryVoided[] => {
  const active = requireCase(state, command.caseId);
  const { data, metadata } = command;
  const target = requireLiveEntry(active, data.entryId);
  if (target.type === 'ClientEngaged') {
    // Without its engagement a case is no case: a wrong one is closed (or its date corrected).
    throw caseError('ENTRY_NOT_VOIDABLE', 'The engagement that opened the case cannot be voided', {
      entryId: data.entryId,
      entryType: target.type,
    });
  }
  const dependents = dependentsOf(active.ledger, data.entryId);
  if (dependents.length > 0) {
    throw caseError(
      'ENTRY_HAS_DEPENDENTS',
      `Entry ${data.entryId} has later entries that depend on it; void them first: ${dependents
        .map((d) => `${d.type} ${d.id}`)
        .join(', ')}`,
      {
        entryId: data.entryId,
        dependents: dependents.map((d) => ({ entryId: d.id, entryType: d.type, entryVersion: d.version })),
      },
    );
  }
  const reason = requireText(data.reason, 'REASON_REQUIRED', 'reason');
  return [
    {
      type: 'EntryVoided',
      occurredAt: whenItHappened(metadata, undefined),
      data: { entryId: data.entryId, entryType: target.type, entryVersion: target.version },
      pii: { reason },
    },
  ];
};
