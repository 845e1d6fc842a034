import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/advocacy-actions: recording advocacy', () => {
  const api = embeddedApi();
  const advocacy = (overrides: Record<string, unknown> = {}) => ({
    actionId: 'action-1',
    actionType: 'benefit_appeal',
    targetOrganisation: 'County benefits office',
    outcome: 'pending',
    summary: 'Appealed the pension decision',
    ...overrides,
  });

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/advocacy-actions',
    given: () => [],
    body: advocacy,
    event: 'AdvocacyActionRecorded',
    refused: personas.auditor,
    shows: { advocacyActionCount: 1 },
    invalid: { outcome: ['isIn', advocacy({ outcome: 'won' })] },
    rules: {
      UNKNOWN_GOAL: {
        given: () => [steps.assessed(), steps.planned()],
        body: advocacy({ goalIds: ['goal-9'] }),
      },
    },
  });
});
