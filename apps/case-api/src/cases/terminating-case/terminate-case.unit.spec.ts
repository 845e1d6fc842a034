import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/termination: closing a case', () => {
  const api = embeddedApi();
  const closing = steps.terminated([{ goalId: 'goal-1', outcome: 'partially_achieved' }]).body;

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/termination',
    given: () => [steps.assessed(), steps.planned()],
    body: () => closing,
    event: 'CaseTerminated',
    refused: personas.auditor,
    shows: { status: 'closed', closing: expect.objectContaining({ reason: 'client_withdrew' }) },
    invalid: { reason: ['matches', { ...closing, reason: 'Bored!' }] },
    rules: {
      // One outcome per open goal.
      GOAL_OUTCOME_MISSING: { body: steps.terminated().body },
      CASE_CLOSED: { given: () => [steps.terminated()], body: steps.terminated().body },
      // Well formed, but in no version of the agency's closing reasons.
      INVALID_VOCABULARY_VALUE: { body: { ...closing, reason: 'bored' } },
    },
  });
});
