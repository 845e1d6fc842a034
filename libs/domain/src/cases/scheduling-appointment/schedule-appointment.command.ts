import type { CommandMetadata } from '../../shared/metadata';
import { hasEntry } from '../../shared/records';
import { caseError } from '../case-errors';
import type { ActiveCase, CaseState } from '../case-state';
import { occurredAtFor, requireOneOf, requireOpenCase } from '../case-rules';
import type { Participant } from '../recording-contact/contact-recorded.event';
import { APPOINTMENT_CHANNELS, type AppointmentChannel } from '../vocabularies';
import type { AppointmentScheduled } from './appointment-scheduled.event';
import {
  requireAppointmentTime,
  requireLinks,
  requireOwner,
  requireParticipants,
  type AppointmentTime,
} from './appointment-links';

export interface ScheduleAppointment {
  readonly type: 'ScheduleAppointment';
  readonly caseId: string;
  readonly data: AppointmentTime & {
    readonly appointmentId: string;
    readonly channel: AppointmentChannel;
    readonly participants: readonly Participant[];
    readonly ownerId?: string;
    readonly goalIds?: readonly string[];
    readonly referralIds?: readonly string[];
    readonly location?: string;
    readonly note?: string;
    /** When it was arranged (defaults to when it is recorded); the meeting itself may be in the future. */
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

export const requireNewAppointmentId = (active: ActiveCase, appointmentId: string): void => {
  if (hasEntry(active.appointments, appointmentId)) {
    throw caseError('APPOINTMENT_ALREADY_EXISTS', `Appointment ${appointmentId} already exists`, {
      appointmentId,
    });
  }
};

export const scheduleAppointment = (
  command: ScheduleAppointment,
  state: CaseState,
): readonly AppointmentScheduled[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  requireNewAppointmentId(active, data.appointmentId);
  const { startsAt, endsAt } = requireAppointmentTime(data);
  const channel = requireOneOf(APPOINTMENT_CHANNELS, data.channel, 'channel');
  const participants = requireParticipants(data.participants);
  const goalIds = data.goalIds ?? [];
  const referralIds = data.referralIds ?? [];
  requireLinks(active, goalIds, referralIds);
  const ownerId = requireOwner(active, data.ownerId);
  return [
    {
      type: 'AppointmentScheduled',
      occurredAt,
      data: {
        appointmentId: data.appointmentId,
        startsAt,
        endsAt,
        channel,
        participants,
        ownerId,
        goalIds,
        referralIds,
        rescheduledFromAppointmentId: null,
      },
      pii: { location: data.location ?? '', note: data.note ?? '' },
    },
  ];
};
