import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { CaseEventShape } from '../values';
import type { AppointmentCanceller, AppointmentOutcome } from '../vocabularies';

export type AppointmentOutcomeRecorded = CaseEventShape<
  'AppointmentOutcomeRecorded',
  {
    /** The appointment it settles. */
    readonly appointmentId: string;
    /** kept, missed_by_client (counts in the no-show rate), cancelled or rescheduled. */
    readonly outcome: AppointmentOutcome;
    /** Who called it off; null unless cancelled or rescheduled. */
    readonly cancelledBy: AppointmentCanceller | null;
    /** The new appointment a rescheduling made (scheduled in the same decision); null otherwise. */
    readonly rescheduledToAppointmentId: string | null;
    /** The contact recorded for a kept appointment (in the same decision); null otherwise. */
    readonly contactId: string | null;
  },
  {
    /** Why it was missed, cancelled or moved, in the worker's words; empty when not said. */
    readonly reason: string;
  }
>;

/** The category of each field of AppointmentOutcomeRecorded (rules: `../sensitivity.ts`). */
export const APPOINTMENT_OUTCOME_RECORDED_SENSITIVITY: EventSensitivity = {
  data: {
    appointmentId: 'case_record',
    outcome: 'case_record',
    cancelledBy: 'case_record',
    rescheduledToAppointmentId: 'case_record',
    contactId: 'case_record',
  },
  pii: {
    reason: CLIENT_FREE_TEXT,
  },
};
