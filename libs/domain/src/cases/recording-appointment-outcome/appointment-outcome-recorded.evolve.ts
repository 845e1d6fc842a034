import { updateEntry } from '../../shared/records';
import type { ActiveCase } from '../case-state';
import type { AppointmentOutcomeRecorded } from './appointment-outcome-recorded.event';

export const evolveAppointmentOutcomeRecorded = (
  state: ActiveCase,
  event: AppointmentOutcomeRecorded,
): ActiveCase => ({
  ...state,
  appointments: updateEntry(state.appointments, event.data.appointmentId, (appointment) => ({
    ...appointment,
    status: event.data.outcome,
    contactId: event.data.contactId,
  })),
});
