import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { given, personas, steps } from '../../testing/given';

describe('POST /cases/:caseId/transfer: transferring a case to another case manager', () => {
  const api = embeddedApi();
  const transfer = (toCaseManagerId = 'cm-2') => ({ toCaseManagerId, reason: 'Caseload balancing' });

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/transfer',
    given: () => [],
    as: personas.supervisor,
    body: () => transfer(),
    event: 'CaseTransferred',
    refused: personas.caseManager,
    shows: { caseManagerId: 'cm-2' },
    invalid: { reason: ['isNotEmpty', { toCaseManagerId: 'cm-2' }] },
    rules: {
      TRANSFER_TO_SAME_CASE_MANAGER: { body: transfer('cm-1') },
      CASE_NOT_ASSIGNED: { given: () => [steps.unassigned()], body: transfer() },
    },
  });

  it('moves access with the case: the new case manager reads it, the earlier one no longer knows of it', async () => {
    const moved = given(api).case({
      as: personas.supervisor,
      path: '/cases/:caseId/transfer',
      body: transfer(),
    });
    await moved.when(personas.otherCaseManager).get('/cases/:caseId').then(200, { version: 2 });
    await moved.when(personas.caseManager).get('/cases/:caseId').then(404, { code: 'CASE_NOT_FOUND' });
  });
});
