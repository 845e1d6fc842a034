import { CASE_ID, contactRecorded, engaged, metadata, spec } from '../../testing/fixtures';
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
      .when(record({ contactType: 'telepathy' as never }))
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
