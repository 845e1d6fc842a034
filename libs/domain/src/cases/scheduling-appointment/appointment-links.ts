import { caseError } from '../case-errors';
import type { ActiveCase } from '../case-state';
import { requireDistinct, requireGoal, requireInstant, requireOneOf, requireText } from '../case-rules';
import { hasEntry } from '../../shared/records';
import { instant, toUtc } from '../../shared/time';
import { PARTICIPANT_KINDS } from '../vocabularies';
import type { Participant } from '../recording-contact/contact-recorded.event';

/** Goals and referrals an appointment or task names must be this case's. */
export const requireLinks = (
  active: ActiveCase,
  goalIds: readonly string[],
  referralIds: readonly string[],
): void => {
  requireDistinct(goalIds, 'goalIds');
  goalIds.forEach((goalId) => requireGoal(active.plan, goalId));
  requireDistinct(referralIds, 'referralIds');
  referralIds.forEach((referralId) => {
    if (!hasEntry(active.referrals, referralId)) {
      throw caseError('UNKNOWN_REFERRAL', `Referral ${referralId} does not exist on this case`, {
        referralId,
      });
    }
  });
};

/** The worker it is for: named, or else whoever holds the case. */
export const requireOwner = (active: ActiveCase, ownerId: string | undefined): string =>
  requireText(ownerId ?? active.caseManagerId, 'OWNER_REQUIRED', 'ownerId');

export const requireParticipants = (participants: readonly Participant[]): readonly Participant[] => {
  if (participants.length === 0) {
    throw caseError('PARTICIPANT_REQUIRED', 'An appointment has at least one participant', {});
  }
  participants.forEach((participant, index) =>
    requireOneOf(PARTICIPANT_KINDS, participant.kind, `participants[${index}].kind`),
  );
  return participants;
};

export interface AppointmentTime {
  readonly startsAt: string;
  readonly endsAt?: string;
  readonly durationMinutes?: number;
}

/** Start and end in UTC: an end, or a duration in whole minutes (1 to 1440), after the start. */
export const requireAppointmentTime = (time: AppointmentTime): { startsAt: string; endsAt: string } => {
  const startsAt = toUtc(requireInstant(time.startsAt, 'startsAt'));
  if (time.endsAt !== undefined && time.durationMinutes !== undefined) {
    throw caseError('INVALID_APPOINTMENT_TIME', 'Give endsAt or durationMinutes, not both', {
      field: 'endsAt',
    });
  }
  if (time.durationMinutes !== undefined) {
    const minutes = time.durationMinutes;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
      throw caseError('INVALID_APPOINTMENT_TIME', 'durationMinutes must be a whole number from 1 to 1440', {
        field: 'durationMinutes',
        durationMinutes: minutes,
      });
    }
    return { startsAt, endsAt: new Date(instant(startsAt) + minutes * 60_000).toISOString() };
  }
  if (time.endsAt === undefined) {
    throw caseError('INVALID_APPOINTMENT_TIME', 'Give endsAt or durationMinutes', { field: 'endsAt' });
  }
  const endsAt = toUtc(requireInstant(time.endsAt, 'endsAt'));
  if (instant(endsAt) <= instant(startsAt)) {
    throw caseError('INVALID_APPOINTMENT_TIME', 'endsAt must be after startsAt', {
      field: 'endsAt',
      startsAt,
      endsAt,
    });
  }
  return { startsAt, endsAt };
};
