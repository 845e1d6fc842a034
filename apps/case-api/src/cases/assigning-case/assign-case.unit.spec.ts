import { embeddedApi } from '../../testing/api-harness';
import { itKeepsTheCommandContract } from '../../testing/command-contract';
import { given, personas, steps } from '../../testing/given';
import { eventually } from '../../../../../test/support/http';

describe('POST /cases/:caseId/assignment: assigning an unassigned case', () => {
  const api = embeddedApi();

  itKeepsTheCommandContract(api, {
    path: '/cases/:caseId/assignment',
    given: () => [steps.unassigned()],
    as: personas.supervisor,
    body: () => ({ caseManagerId: 'cm-1' }),
    event: 'CaseAssigned',
    refused: personas.caseManager,
    shows: { caseManagerId: 'cm-1' },
    invalid: { caseManagerId: ['isNotEmpty', { caseManagerId: '' }] },
    rules: { CASE_ALREADY_ASSIGNED: { given: () => [steps.engaged()], body: { caseManagerId: 'cm-2' } } },
  });

  it("takes the case out of the intake queue onto the case manager's caseload", async () => {
    const queued = await given(api).case(steps.unassigned(), steps.assigned('cm-2')).ready;
    const listed = expect.arrayContaining([expect.objectContaining({ caseId: queued.caseId })]);
    await eventually(() =>
      queued.when(personas.otherCaseManager).get('/caseloads/cm-2').then(200, { cases: listed }),
    );
    const queue = await queued.when(personas.supervisor).get('/caseloads/unassigned').then(200);
    expect(queue.body.cases.map((c: { caseId: string }) => c.caseId)).not.toContain(queued.caseId);
  });
});
