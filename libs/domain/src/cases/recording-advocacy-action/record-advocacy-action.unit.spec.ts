import { CASE_ID, engaged, metadata, NOW, planned, spec } from '../../testing/fixtures';
import type { RecordAdvocacyAction } from './record-advocacy-action.command';

const advocate = (data: Partial<RecordAdvocacyAction['data']> = {}): RecordAdvocacyAction => ({
  type: 'RecordAdvocacyAction',
  caseId: CASE_ID,
  data: {
    actionId: 'adv-1',
    actionType: 'benefit_appeal',
    targetOrganisation: 'County benefits office',
    outcome: 'pending',
    goalIds: ['goal-housing'],
    summary: 'Appealed the denial of the housing benefit.',
    ...data,
  },
  metadata: metadata(),
});

describe('RecordAdvocacyAction', () => {
  it('records an action taken for the client', () => {
    spec(planned)
      .when(advocate())
      .then([
        {
          type: 'AdvocacyActionRecorded',
          occurredAt: NOW,
          data: {
            actionId: 'adv-1',
            actionType: 'benefit_appeal',
            targetOrganisation: 'County benefits office',
            outcome: 'pending',
            goalIds: ['goal-housing'],
          },
          pii: { summary: 'Appealed the denial of the housing benefit.' },
        },
      ]);
  });

  it('may serve no goal, before there is a plan', () => {
    spec(engaged)
      .when(advocate({ goalIds: undefined }))
      .then([
        {
          type: 'AdvocacyActionRecorded',
          occurredAt: NOW,
          data: {
            actionId: 'adv-1',
            actionType: 'benefit_appeal',
            targetOrganisation: 'County benefits office',
            outcome: 'pending',
            goalIds: [],
          },
          pii: { summary: 'Appealed the denial of the housing benefit.' },
        },
      ]);
  });

  it('names the organisation acted towards', () => {
    spec(planned)
      .when(advocate({ targetOrganisation: '' }))
      .thenFails('TARGET_ORGANISATION_REQUIRED');
  });

  it('needs a summary', () => {
    spec(planned)
      .when(advocate({ summary: '' }))
      .thenFails('SUMMARY_REQUIRED');
  });

  it('serves goals of the plan', () => {
    spec(planned)
      .when(advocate({ goalIds: ['goal-unknown'] }))
      .thenFails('UNKNOWN_GOAL');
  });

  it('knows the action types', () => {
    spec(planned)
      .when(advocate({ actionType: 'protest' as never }))
      .thenFails('INVALID_VOCABULARY_VALUE');
  });
});
