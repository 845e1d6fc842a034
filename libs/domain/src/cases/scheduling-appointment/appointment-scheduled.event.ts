import type { EventSensitivity } from '../../shared/sensitivity';
import { CLIENT_FREE_TEXT } from '../protective-categories';
import type { Participant } from '../recording-contact/contact-recorded.event';
import type { CaseEventShape } from '../values';
import type { AppointmentChannel } from '../vocabularies';

export type AppointmentScheduled = CaseEventShape<
  'AppointmentScheduled',
  {
    /** The appointment's id, unique within the case; its outcome and reminder name it. */
    readonly appointmentId: string;
    /** When it starts (ISO-8601 instant, UTC). */
    readonly startsAt: string;
    /** When it ends (ISO-8601 instant, UTC), after `startsAt`. */
    readonly endsAt: string;
    /** How it takes place. */
    readonly channel: AppointmentChannel;
    /** Who is expected: the client, household members (kind `family`, id the member id), professionals. */
    readonly participants: readonly Participant[];
    /** The worker whose agenda it is on: the case manager when it was scheduled unless named. */
    readonly ownerId: string;
    /** The plan's goals it serves. */
    readonly goalIds: readonly string[];
    /** The referrals it is about (e.g. an intake meeting with the provider). */
    readonly referralIds: readonly string[];
    /** Set when it replaces an appointment that was rescheduled. */
    readonly rescheduledFromAppointmentId: string | null;
  },
  {
    /** Where, as the worker typed it: may be the client's address or a shelter. */
    readonly location: string;
    /** The worker's note on the purpose of the meeting. */
    readonly note: string;
  }
>;

/** The category of each field of AppointmentScheduled (rules: `../sensitivity.ts`). */
export const APPOINTMENT_SCHEDULED_SENSITIVITY: EventSensitivity = {
  data: {
    appointmentId: 'case_record',
    startsAt: 'case_record',
    endsAt: 'case_record',
    channel: 'case_record',
    'participants[].kind': 'case_record',
    // As in a contact: the professionals around the client tell which services they use.
    'participants[].id': 'services_referrals',
    'participants[].role': 'services_referrals',
    ownerId: 'case_record',
    'goalIds[]': 'case_record',
    'referralIds[]': 'case_record',
    rescheduledFromAppointmentId: 'case_record',
  },
  pii: {
    // Typed by the worker, so free text like every pii passage (it may name an address or a shelter).
    location: CLIENT_FREE_TEXT,
    note: CLIENT_FREE_TEXT,
  },
};
