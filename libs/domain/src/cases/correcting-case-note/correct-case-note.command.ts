import type { CommandMetadata } from '../../shared/metadata';
import { hasEntry } from '../../shared/records';
import { caseError } from '../case-errors';
import type { CaseNoteCorrected } from './case-note-corrected.event';
import type { CaseState } from '../case-state';
import { occurredAtFor, requireOpenCase, requireText } from '../case-rules';

/** A note is never edited in place: a correction is a new entry linked to the contact it corrects. */
export interface CorrectCaseNote {
  readonly type: 'CorrectCaseNote';
  readonly caseId: string;
  readonly data: {
    readonly correctionId: string;
    readonly contactId: string;
    readonly correctedSummary: string;
    readonly reason: string;
  };
  readonly metadata: CommandMetadata;
}

export const correctCaseNote = (command: CorrectCaseNote, state: CaseState): readonly CaseNoteCorrected[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  // The correction itself happens when it is written, whenever the contact was.
  const occurredAt = occurredAtFor(active, metadata, undefined);
  if (!hasEntry(active.contacts, data.contactId)) {
    throw caseError('UNKNOWN_CONTACT', `Contact ${data.contactId} is not on this case`, {
      contactId: data.contactId,
    });
  }
  const correctedSummary = requireText(data.correctedSummary, 'SUMMARY_REQUIRED', 'correctedSummary');
  const reason = requireText(data.reason, 'REASON_REQUIRED', 'reason');
  return [
    {
      type: 'CaseNoteCorrected',
      occurredAt,
      data: { correctionId: data.correctionId, correctsContactId: data.contactId },
      pii: { correctedSummary, reason },
    },
  ];
};
