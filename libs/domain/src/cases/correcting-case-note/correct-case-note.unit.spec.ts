import { CASE_ID, contactRecorded, engaged, metadata, NOW, spec } from '../../testing/fixtures';
import type { CorrectCaseNote } from './correct-case-note.command';

const withContact = [...engaged, contactRecorded];

const correct = (data: Partial<CorrectCaseNote['data']> = {}): CorrectCaseNote => ({
  type: 'CorrectCaseNote',
  caseId: CASE_ID,
  data: {
    correctionId: 'corr-1',
    contactId: 'contact-1',
    correctedSummary: 'Visited the client at her sister’s flat.',
    reason: 'Wrong relative recorded',
    ...data,
  },
  metadata: metadata(),
});

describe('CorrectCaseNote', () => {
  it('adds a correction linked to the contact, dated when it is written', () => {
    spec(withContact)
      .when(correct())
      .then([
        {
          type: 'CaseNoteCorrected',
          occurredAt: NOW,
          data: { correctionId: 'corr-1', correctsContactId: 'contact-1' },
          pii: {
            correctedSummary: 'Visited the client at her sister’s flat.',
            reason: 'Wrong relative recorded',
          },
        },
      ]);
  });

  it('corrects a contact of this case', () => {
    spec(engaged).when(correct()).thenFails('UNKNOWN_CONTACT');
  });

  it('gives a reason', () => {
    spec(withContact)
      .when(correct({ reason: '' }))
      .thenFails('REASON_REQUIRED');
  });

  it('gives the corrected summary', () => {
    spec(withContact)
      .when(correct({ correctedSummary: ' ' }))
      .thenFails('SUMMARY_REQUIRED');
  });
});
