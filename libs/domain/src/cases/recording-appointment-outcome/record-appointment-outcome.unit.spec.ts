import {
  APPOINTMENT_STARTS_AT,
  appointmentOutcomeRecorded,
  appointmentScheduled,
  CASE_ID,
  caseTerminated,
  metadata,
  planned,
  spec,
} from '../../testing/fixtures';
import type { RecordAppointmentOutcome } from './record-appointment-outcome.command';

const AFTER = '2025-03-12T16:00:00.000Z';
const scheduled = [...planned, appointmentScheduled];

const outcome = (
  data: Partial<RecordAppointmentOutcome['data']> = {},
  recordedAt = AFTER,
): RecordAppointmentOutcome => ({
  type: 'RecordAppointmentOutcome',
  caseId: CASE_ID,
  data: {
    appointmentId: 'appt-1',
    outcome: 'missed_by_client',
    reason: 'Nobody answered the door.',
    ...data,
  },
  metadata: metadata({ recordedAt }),
});

describe('RecordAppointmentOutcome', () => {
  it('records a missed appointment', () => {
    spec(scheduled).when(outcome()).then([appointmentOutcomeRecorded]);
  });

  it('records a kept one with its contact, as of the meeting’s start', () => {
    spec(scheduled)
      .when(
        outcome({
          outcome: 'kept',
          reason: undefined,
          contact: {
            contactId: 'contact-9',
            contactType: 'home_visit',
            durationMinutes: 50,
            summary: 'Filled in the form.',
          },
        }),
      )
      .then([
        {
          type: 'ContactRecorded',
          occurredAt: APPOINTMENT_STARTS_AT,
          data: {
            contactId: 'contact-9',
            contactType: 'home_visit',
            participants: [{ kind: 'client' }],
            durationMinutes: 50,
            // Linked to the appointment it kept and what that appointment was for (ContactRecorded v2).
            goalIds: ['goal-housing'],
            referralIds: [],
            appointmentId: 'appt-1',
          },
          pii: { summary: 'Filled in the form.' },
        },
        {
          ...appointmentOutcomeRecorded,
          data: { ...appointmentOutcomeRecorded.data, outcome: 'kept', contactId: 'contact-9' },
          pii: { reason: '' },
        },
      ]);
  });

  it('reschedules to a new appointment that carries the links on', () => {
    const at = '2025-03-11T09:00:00.000Z';
    spec(scheduled)
      .when(
        outcome(
          {
            outcome: 'rescheduled',
            cancelledBy: 'client',
            reason: 'Hospital appointment.',
            reschedule: {
              appointmentId: 'appt-2',
              startsAt: '2025-03-19T14:00:00.000Z',
              durationMinutes: 30,
            },
          },
          at,
        ),
      )
      .then([
        {
          type: 'AppointmentOutcomeRecorded',
          occurredAt: at,
          data: {
            appointmentId: 'appt-1',
            outcome: 'rescheduled',
            cancelledBy: 'client',
            rescheduledToAppointmentId: 'appt-2',
            contactId: null,
          },
          pii: { reason: 'Hospital appointment.' },
        },
        {
          ...appointmentScheduled,
          occurredAt: at,
          data: {
            ...appointmentScheduled.data,
            appointmentId: 'appt-2',
            startsAt: '2025-03-19T14:00:00.000Z',
            endsAt: '2025-03-19T14:30:00.000Z',
            rescheduledFromAppointmentId: 'appt-1',
          },
          pii: { location: '', note: '' },
        },
      ]);
  });

  it('cancels, by the worker unless said', () => {
    spec(scheduled)
      .when(outcome({ outcome: 'cancelled', reason: undefined }, '2025-03-11T09:00:00.000Z'))
      .then([
        {
          ...appointmentOutcomeRecorded,
          occurredAt: '2025-03-11T09:00:00.000Z',
          data: { ...appointmentOutcomeRecorded.data, outcome: 'cancelled', cancelledBy: 'worker' },
          pii: { reason: '' },
        },
      ]);
  });

  it('lets the successor of a rescheduling take its own outcome', () => {
    const moved = [
      ...scheduled,
      {
        ...appointmentOutcomeRecorded,
        data: { ...appointmentOutcomeRecorded.data, outcome: 'rescheduled' as const },
      },
      {
        ...appointmentScheduled,
        data: {
          ...appointmentScheduled.data,
          appointmentId: 'appt-2',
          rescheduledFromAppointmentId: 'appt-1',
        },
      },
    ];
    spec(moved)
      .when(outcome({ appointmentId: 'appt-2' }))
      .then([
        {
          ...appointmentOutcomeRecorded,
          data: { ...appointmentOutcomeRecorded.data, appointmentId: 'appt-2' },
        },
      ]);
  });

  it('needs the appointment scheduled first', () => {
    spec(planned).when(outcome()).thenFails('UNKNOWN_APPOINTMENT');
  });

  it('records one outcome', () => {
    spec([...scheduled, appointmentOutcomeRecorded])
      .when(outcome({ outcome: 'kept' }))
      .thenFails('APPOINTMENT_OUTCOME_ALREADY_RECORDED');
  });

  it('cannot say who came before the start', () => {
    spec(scheduled).when(outcome({}, '2025-03-12T13:59:00.000Z')).thenFails('APPOINTMENT_NOT_STARTED');
  });

  it('names the new time of a rescheduling', () => {
    spec(scheduled)
      .when(outcome({ outcome: 'rescheduled' }))
      .thenFails('RESCHEDULE_REQUIRED');
  });

  it('carries a contact only when kept', () => {
    spec(scheduled)
      .when(outcome({ contact: { contactId: 'c', contactType: 'home_visit', summary: 'x' } }))
      .thenFails('CONTACT_ONLY_FOR_KEPT');
  });

  it('gives the new appointment of a rescheduling a new id and a valid time', () => {
    spec(scheduled)
      .when(
        outcome({
          outcome: 'rescheduled',
          reschedule: { appointmentId: 'appt-1', startsAt: '2025-03-19T14:00:00.000Z', durationMinutes: 60 },
        }),
      )
      .thenFails('APPOINTMENT_ALREADY_EXISTS');
    spec(scheduled)
      .when(
        outcome({
          outcome: 'rescheduled',
          reschedule: { appointmentId: 'appt-2', startsAt: '2025-03-19T14:00:00.000Z' },
        }),
      )
      .thenFails('INVALID_APPOINTMENT_TIME');
  });

  it('knows who can call an appointment off', () => {
    spec(scheduled)
      .when(outcome({ outcome: 'cancelled', cancelledBy: 'weather' as never }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });

  it('is not recorded on a closed case', () => {
    spec([...scheduled, caseTerminated])
      .when(outcome())
      .thenFails('CASE_CLOSED');
  });

  it('knows the outcomes', () => {
    spec(scheduled)
      .when(outcome({ outcome: 'vanished' as never }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });
});
