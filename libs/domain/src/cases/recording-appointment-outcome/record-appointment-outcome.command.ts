import type { CommandMetadata } from '../../shared/metadata';
import { entry } from '../../shared/records';
import { instant } from '../../shared/time';
import { caseError } from '../case-errors';
import type { ActiveCase, AppointmentState, CaseState } from '../case-state';
import { occurredAtFor, requireOneOf, requireOpenCase } from '../case-rules';
import type { ContactRecorded, Participant } from '../recording-contact/contact-recorded.event';
import { recordContact } from '../recording-contact/record-contact.command';
import type { AppointmentScheduled } from '../scheduling-appointment/appointment-scheduled.event';
import { requireAppointmentTime, type AppointmentTime } from '../scheduling-appointment/appointment-links';
import { requireNewAppointmentId } from '../scheduling-appointment/schedule-appointment.command';
import {
  APPOINTMENT_CANCELLERS,
  APPOINTMENT_OUTCOMES,
  type AppointmentCanceller,
  type AppointmentOutcome,
  type ContactTypeCode,
} from '../vocabularies';
import type { AppointmentOutcomeRecorded } from './appointment-outcome-recorded.event';

export interface RecordAppointmentOutcome {
  readonly type: 'RecordAppointmentOutcome';
  readonly caseId: string;
  readonly data: {
    readonly appointmentId: string;
    readonly outcome: AppointmentOutcome;
    /** For cancelled and rescheduled. */
    readonly cancelledBy?: AppointmentCanceller;
    readonly reason?: string;
    /** For rescheduled: the new appointment (a new id; channel, participants and links carry over). */
    readonly reschedule?: AppointmentTime & { readonly appointmentId: string; readonly location?: string };
    /** For kept: the contact record of the meeting, as of its start. */
    readonly contact?: {
      readonly contactId: string;
      readonly contactType: ContactTypeCode;
      /** Defaults to the appointment's participants. */
      readonly participants?: readonly Participant[];
      readonly durationMinutes?: number | null;
      readonly summary: string;
    };
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

type Decided = AppointmentOutcomeRecorded | AppointmentScheduled | ContactRecorded;

const requireAppointment = (active: ActiveCase, appointmentId: string): AppointmentState => {
  const found = entry(active.appointments, appointmentId);
  if (found === undefined) {
    throw caseError('UNKNOWN_APPOINTMENT', `Appointment ${appointmentId} does not exist on this case`, {
      appointmentId,
    });
  }
  // A rescheduled appointment is settled too: its successor carries the chain on.
  if (found.status !== 'scheduled') {
    throw caseError(
      'APPOINTMENT_OUTCOME_ALREADY_RECORDED',
      `Appointment ${appointmentId} is already ${found.status}`,
      { appointmentId, status: found.status },
    );
  }
  return found;
};

export const recordAppointmentOutcome = (
  command: RecordAppointmentOutcome,
  state: CaseState,
): readonly Decided[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  const appointment = requireAppointment(active, data.appointmentId);
  const outcome = requireOneOf(APPOINTMENT_OUTCOMES, data.outcome, 'outcome');
  const callsOff = outcome === 'cancelled' || outcome === 'rescheduled';
  const attended = outcome === 'kept' || outcome === 'missed_by_client';
  // Whether someone came is only known once the meeting was due to start.
  if (attended && instant(occurredAt) < instant(appointment.startsAt)) {
    throw caseError('APPOINTMENT_NOT_STARTED', `Appointment ${data.appointmentId} has not started yet`, {
      appointmentId: data.appointmentId,
      startsAt: appointment.startsAt,
      occurredAt,
    });
  }
  const cancelledBy = callsOff
    ? requireOneOf(APPOINTMENT_CANCELLERS, data.cancelledBy ?? 'worker', 'cancelledBy')
    : null;
  if (data.contact !== undefined && outcome !== 'kept') {
    throw caseError('CONTACT_ONLY_FOR_KEPT', 'Only a kept appointment carries a contact record', {
      field: 'contact',
      outcome,
    });
  }
  if (outcome === 'rescheduled' && data.reschedule === undefined) {
    throw caseError('RESCHEDULE_REQUIRED', 'A rescheduled appointment names its new time', {
      field: 'reschedule',
    });
  }
  const successor: AppointmentScheduled[] = [];
  if (outcome === 'rescheduled' && data.reschedule !== undefined) {
    requireNewAppointmentId(active, data.reschedule.appointmentId);
    const { startsAt, endsAt } = requireAppointmentTime(data.reschedule);
    successor.push({
      type: 'AppointmentScheduled',
      occurredAt,
      data: {
        appointmentId: data.reschedule.appointmentId,
        startsAt,
        endsAt,
        channel: appointment.channel,
        participants: appointment.participants,
        ownerId: appointment.ownerId,
        goalIds: appointment.goalIds,
        referralIds: appointment.referralIds,
        rescheduledFromAppointmentId: data.appointmentId,
      },
      pii: { location: data.reschedule.location ?? '', note: '' },
    });
  }
  const contact =
    outcome === 'kept' && data.contact !== undefined
      ? recordContact(
          {
            type: 'RecordContact',
            caseId: command.caseId,
            data: {
              contactId: data.contact.contactId,
              contactType: data.contact.contactType,
              participants: data.contact.participants ?? appointment.participants,
              durationMinutes: data.contact.durationMinutes ?? null,
              summary: data.contact.summary,
              // The contact kept this appointment, and worked on what it was planned for.
              goalIds: appointment.goalIds,
              referralIds: appointment.referralIds,
              appointmentId: data.appointmentId,
              happenedAt: appointment.startsAt,
            },
            metadata,
          },
          state,
        )
      : [];
  const recorded: AppointmentOutcomeRecorded = {
    type: 'AppointmentOutcomeRecorded',
    occurredAt,
    data: {
      appointmentId: data.appointmentId,
      outcome,
      cancelledBy,
      rescheduledToAppointmentId: successor[0]?.data.appointmentId ?? null,
      contactId: contact[0]?.data.contactId ?? null,
    },
    pii: { reason: data.reason ?? '' },
  };
  return [...contact, recorded, ...successor];
};
