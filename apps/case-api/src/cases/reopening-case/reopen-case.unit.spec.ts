import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/reopening: reopening a closed case', () => {
  const api = embeddedApi();
  const reopening = { reason: 'The client came back' };

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/reopening',
    given: () => [steps.terminated()],
    body: () => reopening,
    event: 'CaseReopened',
    refused: personas.auditor,
    // With the case manager it had when it closed.
    shows: { status: 'open', caseManagerId: 'cm-1', reopenedCount: 1 },
    invalid: { reason: ['isNotEmpty', {}] },
    rules: { CASE_NOT_CLOSED: { given: () => [], body: reopening } },
  });
});
