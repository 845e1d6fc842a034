import {
  appointmentScheduled,
  CASE_ID,
  closed,
  engaged,
  metadata,
  NOW,
  planned,
  referralMade,
  spec,
} from '../../testing/fixtures';
import type { ScheduleAppointment } from './schedule-appointment.command';

const schedule = (data: Partial<ScheduleAppointment['data']> = {}): ScheduleAppointment => ({
  type: 'ScheduleAppointment',
  caseId: CASE_ID,
  data: {
    appointmentId: 'appt-1',
    startsAt: '2025-03-12T14:00:00.000Z',
    durationMinutes: 60,
    channel: 'home_visit',
    participants: [{ kind: 'client' }],
    goalIds: ['goal-housing'],
    location: appointmentScheduled.pii.location,
    note: appointmentScheduled.pii.note,
    ...data,
  },
  metadata: metadata(),
});

const expected = { ...appointmentScheduled, occurredAt: NOW };

describe('ScheduleAppointment', () => {
  it('schedules a meeting in the future, on the agenda of the case manager', () => {
    spec(planned).when(schedule()).then([expected]);
  });

  it('takes an end instead of a duration, in any offset, stored in UTC', () => {
    spec(planned)
      .when(
        schedule({
          durationMinutes: undefined,
          startsAt: '2025-03-12T15:00:00+01:00',
          endsAt: '2025-03-12T16:00:00+01:00',
        }),
      )
      .then([expected]);
  });

  it('names another owner and a referral it is about', () => {
    spec([...planned, referralMade()])
      .when(schedule({ ownerId: 'cm-ben', referralIds: ['ref-voucher'] }))
      .then([{ ...expected, data: { ...expected.data, ownerId: 'cm-ben', referralIds: ['ref-voucher'] } }]);
  });

  it('needs a new id', () => {
    spec([...planned, appointmentScheduled])
      .when(schedule())
      .thenFails('APPOINTMENT_ALREADY_EXISTS');
  });

  it('ends after it starts', () => {
    spec(planned)
      .when(schedule({ durationMinutes: undefined, endsAt: '2025-03-12T13:00:00.000Z' }))
      .thenFails('INVALID_APPOINTMENT_TIME');
  });

  it('has an end or a duration', () => {
    spec(planned)
      .when(schedule({ durationMinutes: undefined }))
      .thenFails('INVALID_APPOINTMENT_TIME');
  });

  it('takes a whole number of minutes', () => {
    spec(planned)
      .when(schedule({ durationMinutes: 0 }))
      .thenFails('INVALID_APPOINTMENT_TIME');
  });

  it('starts at an instant with a zone', () => {
    spec(planned)
      .when(schedule({ startsAt: '2025-03-12 14:00' }))
      .thenFails('INVALID_TIMESTAMP');
  });

  it('knows the channels', () => {
    spec(planned)
      .when(schedule({ channel: 'carrier_pigeon' as never }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });

  it('has someone to meet', () => {
    spec(planned)
      .when(schedule({ participants: [] }))
      .thenFails('PARTICIPANT_REQUIRED');
  });

  it('serves goals of the plan', () => {
    spec(planned)
      .when(schedule({ goalIds: ['goal-unknown'] }))
      .thenFails('UNKNOWN_GOAL');
  });

  it('is about referrals of this case', () => {
    spec(planned)
      .when(schedule({ referralIds: ['ref-unknown'] }))
      .thenFails('UNKNOWN_REFERRAL');
  });

  it('is on somebody’s agenda: an unassigned case names the owner', () => {
    const unassigned = [{ ...engaged[0], data: { ...engaged[0].data, caseManagerId: null } }];
    spec(unassigned)
      .when(schedule({ goalIds: [] }))
      .thenFails('OWNER_REQUIRED');
  });

  it('names each goal and referral once', () => {
    spec(planned)
      .when(schedule({ goalIds: ['goal-housing', 'goal-housing'] }))
      .thenFails('DUPLICATE_ID');
    spec([...planned, referralMade()])
      .when(schedule({ referralIds: ['ref-voucher', 'ref-voucher'] }))
      .thenFails('DUPLICATE_ID');
  });

  it('knows the kinds of participant', () => {
    spec(planned)
      .when(schedule({ participants: [{ kind: 'neighbour' as never }] }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });

  it('is arranged within the case’s life, though the meeting may be later', () => {
    spec(planned)
      .when(schedule({ occurredAt: '2025-03-10T10:00:01.000Z' }))
      .thenFails('OCCURRED_IN_FUTURE');
    spec(planned)
      .when(schedule({ occurredAt: '2025-02-28T09:00:00.000Z' }))
      .thenFails('OCCURRED_BEFORE_ENGAGEMENT');
  });

  it('is not scheduled on a closed case', () => {
    spec(closed).when(schedule()).thenFails('CASE_CLOSED');
  });
});
