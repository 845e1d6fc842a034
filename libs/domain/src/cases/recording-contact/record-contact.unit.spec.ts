import {
  appointmentScheduled,
  CASE_ID,
  contactRecorded,
  engaged,
  metadata,
  planned,
  referralMade,
  spec,
} from '../../testing/fixtures';
import { decide, evolve } from '../case-decider';
import { initialCaseState } from '../case-state';
import type { RecordContact } from './record-contact.command';

const record = (data: Partial<RecordContact['data']> = {}): RecordContact => ({
  type: 'RecordContact',
  caseId: CASE_ID,
  data: {
    contactId: 'contact-1',
    contactType: 'home_visit',
    participants: [{ kind: 'client' }],
    durationMinutes: 45,
    summary: contactRecorded.pii.summary,
    happenedAt: contactRecorded.occurredAt,
    ...data,
  },
  metadata: metadata(),
});

describe('RecordContact', () => {
  it('records a contact as of when it happened', () => {
    spec(engaged).when(record()).then([contactRecorded]);
  });

  it('may leave the duration out', () => {
    spec(engaged)
      .when(record({ durationMinutes: undefined }))
      .then([{ ...contactRecorded, data: { ...contactRecorded.data, durationMinutes: null } }]);
  });

  it('links the goals it worked on, the referrals it was about and the appointment it kept (v2)', () => {
    const given = [
      ...planned,
      referralMade('ref-1'),
      { ...appointmentScheduled, occurredAt: '2025-03-06T09:00:00.000Z' },
    ];
    spec(given)
      .when(record({ goalIds: ['goal-housing'], referralIds: ['ref-1'], appointmentId: 'appt-1' }))
      .then([
        {
          ...contactRecorded,
          data: {
            ...contactRecorded.data,
            goalIds: ['goal-housing'],
            referralIds: ['ref-1'],
            appointmentId: 'appt-1',
          },
        },
      ]);
  });

  it('refuses a link this case does not have, naming the field', () => {
    const state = planned.reduce(evolve, initialCaseState);
    const refused = (data: Partial<RecordContact['data']>, code: string, field: string) =>
      expect(() => decide(record(data), state)).toThrow(
        expect.objectContaining({ code, details: expect.objectContaining({ field }) }),
      );
    refused({ goalIds: ['goal-housing', 'goal-9'] }, 'UNKNOWN_GOAL', 'goalIds[1]');
    refused({ referralIds: ['ref-9'] }, 'UNKNOWN_REFERRAL', 'referralIds[0]');
    refused({ appointmentId: 'appt-9' }, 'UNKNOWN_APPOINTMENT', 'appointmentId');
    spec(planned)
      .when(record({ goalIds: ['goal-housing', 'goal-housing'] }))
      .thenFails('DUPLICATE_ID');
  });

  it('comes after the goals it worked on were set', () => {
    spec(planned)
      .when(record({ goalIds: ['goal-housing'], happenedAt: '2025-03-04T10:00:00.000Z' }))
      .thenFails('OCCURRED_BEFORE_DEPENDENCY');
  });

  it('cannot have happened after it is recorded', () => {
    spec(engaged)
      .when(record({ happenedAt: '2025-03-10T10:00:00.001Z' }))
      .thenFails('CONTACT_IN_FUTURE');
  });

  it('cannot have happened before the client was engaged', () => {
    spec(engaged)
      .when(record({ happenedAt: '2025-02-28T09:00:00.000Z' }))
      .thenFails('OCCURRED_BEFORE_ENGAGEMENT');
  });

  it('needs an instant with a zone', () => {
    spec(engaged)
      .when(record({ happenedAt: '2025-03-07T15:30:00' }))
      .thenFails('INVALID_TIMESTAMP');
  });

  it('needs a summary', () => {
    spec(engaged)
      .when(record({ summary: '' }))
      .thenFails('SUMMARY_REQUIRED');
  });

  it('needs a participant', () => {
    spec(engaged)
      .when(record({ participants: [] }))
      .thenFails('PARTICIPANT_REQUIRED');
  });

  it('knows the contact types', () => {
    spec(engaged)
      .when(record({ contactType: 'telepathy' }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });

  it('takes a positive whole number of minutes', () => {
    spec(engaged)
      .when(record({ durationMinutes: 0 }))
      .thenFails('INVALID_DURATION');
  });

  it('records a contact once', () => {
    spec([...engaged, contactRecorded])
      .when(record())
      .thenFails('CONTACT_ALREADY_EXISTS');
  });
});
