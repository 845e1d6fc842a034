import { updateEntry, withEntry } from '../../shared/records';
import type { ActiveCase } from '../case-state';
import type { AppointmentScheduled } from './appointment-scheduled.event';

export const evolveAppointmentScheduled = (state: ActiveCase, event: AppointmentScheduled): ActiveCase => {
  const { appointmentId, startsAt, endsAt, channel, participants, ownerId, goalIds, referralIds } =
    event.data;
  const from = event.data.rescheduledFromAppointmentId;
  const appointments =
    from === null
      ? state.appointments
      : updateEntry(state.appointments, from, (old) => ({
          ...old,
          rescheduledToAppointmentId: appointmentId,
        }));
  return {
    ...state,
    appointments: withEntry(appointments, appointmentId, {
      status: 'scheduled',
      startsAt,
      endsAt,
      channel,
      participants,
      ownerId,
      goalIds,
      referralIds,
      rescheduledFromAppointmentId: from,
      rescheduledToAppointmentId: null,
      contactId: null,
      remindedAt: null,
    }),
  };
};
