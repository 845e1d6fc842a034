import { closed, communicationNeedsRecorded, engaged, metadata, NOW, spec } from '../../testing/fixtures';
import { evolve } from '../case-decider';
import { initialCaseState } from '../case-state';
import type { RecordCommunicationNeeds } from './record-communication-needs.command';

const record = (data: Partial<RecordCommunicationNeeds['data']> = {}): RecordCommunicationNeeds => ({
  type: 'RecordCommunicationNeeds',
  caseId: 'case-1',
  data: { preferredLanguage: 'ar', interpreterNeeded: true, notes: 'Reads little', ...data },
  metadata: metadata(),
});

describe('RecordCommunicationNeeds', () => {
  it('records the language and an interpreter in it when none other is named', () => {
    spec(engaged)
      .when(record())
      .then([
        {
          type: 'CommunicationNeedsRecorded',
          occurredAt: NOW,
          data: { preferredLanguage: 'ar', interpreterNeeded: true, interpreterLanguage: 'ar' },
          pii: { notes: 'Reads little' },
        },
      ]);
  });

  it('keeps language tags in their canonical form', () => {
    spec(engaged)
      .when(record({ preferredLanguage: 'PT-br', interpreterLanguage: 'EN', notes: undefined }))
      .then([
        {
          type: 'CommunicationNeedsRecorded',
          occurredAt: NOW,
          data: { preferredLanguage: 'pt-BR', interpreterNeeded: true, interpreterLanguage: 'en' },
          pii: { notes: '' },
        },
      ]);
  });

  it('records no interpreter language when none is needed', () => {
    spec(engaged)
      .when(record({ preferredLanguage: 'en', interpreterNeeded: false }))
      .then([
        {
          type: 'CommunicationNeedsRecorded',
          occurredAt: NOW,
          data: { preferredLanguage: 'en', interpreterNeeded: false, interpreterLanguage: null },
          pii: { notes: 'Reads little' },
        },
      ]);
  });

  it('refuses an interpreter language when no interpreter is needed', () => {
    spec(engaged)
      .when(record({ interpreterNeeded: false, interpreterLanguage: 'fr' }))
      .thenFails('INTERPRETER_LANGUAGE_NOT_APPLICABLE');
  });

  it('refuses what is not a BCP-47 tag', () => {
    spec(engaged)
      .when(record({ preferredLanguage: 'Arabic!' }))
      .thenFails('INVALID_LANGUAGE_TAG');
    spec(engaged)
      .when(record({ preferredLanguage: '' }))
      .thenFails('INVALID_LANGUAGE_TAG');
    spec(engaged)
      .when(record({ interpreterLanguage: 'x_y' }))
      .thenFails('INVALID_LANGUAGE_TAG');
  });

  it('is on an open case', () => {
    spec(closed).when(record()).thenFails('CASE_CLOSED');
  });

  it('keeps the latest recording in the state', () => {
    const state = [...engaged, communicationNeedsRecorded].reduce(evolve, initialCaseState);
    expect(state.status !== 'initial' && state.communication).toEqual({
      preferredLanguage: 'prs',
      interpreterNeeded: true,
      interpreterLanguage: 'prs',
      recordedAt: communicationNeedsRecorded.occurredAt,
    });
  });
});
