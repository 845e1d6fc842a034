import type { FormSubmission } from '../../forms/answering-form/form-answers';
import type { CommandMetadata } from '../../shared/metadata';
import { hasEntry } from '../../shared/records';
import { caseError } from '../case-errors';
import { requireCode } from '../../vocabularies/vocabulary-catalog';
import { PARTICIPANT_KINDS, type ContactTypeCode } from '../vocabularies';
import type { ContactRecorded, Participant } from './contact-recorded.event';
import type { CaseState } from '../case-state';
import { occurredAtFor, requireDistinct, requireOneOf, requireOpenCase, requireText } from '../case-rules';
import type { ActiveCase } from '../case-state';

export interface RecordContact {
  readonly type: 'RecordContact';
  readonly caseId: string;
  readonly data: {
    readonly contactId: string;
    readonly contactType: ContactTypeCode;
    readonly participants: readonly Participant[];
    readonly durationMinutes?: number | null;
    readonly summary: string;
    /** The goals it worked on, the referrals it was about, the appointment it kept: each this case's. */
    readonly goalIds?: readonly string[];
    readonly referralIds?: readonly string[];
    readonly appointmentId?: string | null;
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

/** Each link names something of this case, and the refusal names the field that held it. */
const requireContactLinks = (
  active: ActiveCase,
  goalIds: readonly string[],
  referralIds: readonly string[],
  appointmentId: string | null,
): void => {
  requireDistinct(goalIds, 'goalIds');
  goalIds.forEach((goalId, index) => {
    if (active.plan === null || !hasEntry(active.plan.goals, goalId)) {
      throw caseError('UNKNOWN_GOAL', `goalIds[${index}]: goal ${goalId} is not in the plan`, {
        field: `goalIds[${index}]`,
        goalId,
      });
    }
  });
  requireDistinct(referralIds, 'referralIds');
  referralIds.forEach((referralId, index) => {
    if (!hasEntry(active.referrals, referralId)) {
      throw caseError(
        'UNKNOWN_REFERRAL',
        `referralIds[${index}]: referral ${referralId} does not exist on this case`,
        {
          field: `referralIds[${index}]`,
          referralId,
        },
      );
    }
  });
  if (appointmentId !== null && !hasEntry(active.appointments, appointmentId)) {
    throw caseError(
      'UNKNOWN_APPOINTMENT',
      `appointmentId: appointment ${appointmentId} does not exist on this case`,
      {
        field: 'appointmentId',
        appointmentId,
      },
    );
  }
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
  const contactType = requireCode(metadata.vocabulary, 'contact_type', data.contactType, 'contactType').code;
  // The record must show every professional involved; a contact with nobody in it documents nothing.
  if (data.participants.length === 0) {
    throw caseError('PARTICIPANT_REQUIRED', 'A contact has at least one participant', {});
  }
  data.participants.forEach((participant, index) =>
    requireOneOf(PARTICIPANT_KINDS, participant.kind, `participants[${index}].kind`),
  );
  const durationMinutes = requireDuration(data.durationMinutes);
  const summary = requireText(data.summary, 'SUMMARY_REQUIRED', 'summary');
  const goalIds = data.goalIds ?? [];
  const referralIds = data.referralIds ?? [];
  const appointmentId = data.appointmentId ?? null;
  requireContactLinks(active, goalIds, referralIds, appointmentId);
  return [
    {
      type: 'ContactRecorded',
      occurredAt,
      data: {
        contactId: data.contactId,
        contactType,
        participants: data.participants,
        durationMinutes,
        goalIds,
        referralIds,
        appointmentId,
      },
      pii: { summary },
    },
  ];
};
