import type { FormSubmission } from '../../forms/answering-form/form-answers';
import type { CommandMetadata } from '../../shared/metadata';
import { hasEntry } from '../../shared/records';
import { caseError } from '../case-errors';
import { CONTACT_TYPES, PARTICIPANT_KINDS, type ContactType } from '../vocabularies';
import type { ContactRecorded, Participant } from './contact-recorded.event';
import type { CaseState } from '../case-state';
import { occurredAtFor, requireOneOf, requireOpenCase, requireText } from '../case-rules';

export interface RecordContact {
  readonly type: 'RecordContact';
  readonly caseId: string;
  readonly data: {
    readonly contactId: string;
    readonly contactType: ContactType;
    readonly participants: readonly Participant[];
    readonly durationMinutes?: number | null;
    readonly summary: string;
    /** Required: when a contact happened and when it was written down are different facts. */
    readonly happenedAt: string;
    /** The answers to the program's form filled in here, if any (`forms/answering-form`). */
    readonly form?: FormSubmission;
  };
  readonly metadata: CommandMetadata;
}

const requireDuration = (minutes: number | null | undefined): number | null => {
  if (minutes === null || minutes === undefined) return null;
  if (!Number.isInteger(minutes) || minutes <= 0) {
    throw caseError('INVALID_DURATION', 'durationMinutes must be a positive whole number', {
      durationMinutes: minutes,
    });
  }
  return minutes;
};

export const recordContact = (command: RecordContact, state: CaseState): readonly ContactRecorded[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.happenedAt, 'happenedAt', 'CONTACT_IN_FUTURE');
  if (hasEntry(active.contacts, data.contactId)) {
    throw caseError('CONTACT_ALREADY_EXISTS', `Contact ${data.contactId} is already recorded`, {
      contactId: data.contactId,
    });
  }
  const contactType = requireOneOf(CONTACT_TYPES, data.contactType, 'contactType');
  // The record must show every professional involved; a contact with nobody in it documents nothing.
  if (data.participants.length === 0) {
    throw caseError('PARTICIPANT_REQUIRED', 'A contact has at least one participant', {});
  }
  data.participants.forEach((participant, index) =>
    requireOneOf(PARTICIPANT_KINDS, participant.kind, `participants[${index}].kind`),
  );
  const durationMinutes = requireDuration(data.durationMinutes);
  const summary = requireText(data.summary, 'SUMMARY_REQUIRED', 'summary');
  return [
    {
      type: 'ContactRecorded',
      occurredAt,
      data: { contactId: data.contactId, contactType, participants: data.participants, durationMinutes },
      pii: { summary },
    },
  ];
};
