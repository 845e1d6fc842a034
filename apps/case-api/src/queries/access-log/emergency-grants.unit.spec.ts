import { eventually } from '../../../../../test/support/http';
import { embeddedApi } from '../../testing/api-harness';
import { given, personas, steps } from '../../testing/given';
import { itKeepsTheQueryContract } from '../../testing/query-contract';

describe('break-the-glass and GET /access/emergency: emergency reads, listed for review', () => {
  const api = embeddedApi();
  const reason = { 'x-access-reason': 'Client in crisis at the front desk' };

  itKeepsTheQueryContract(api, {
    path: '/access/emergency',
    as: personas.supervisor,
    refused: personas.caseManager,
    invalid: { from: ['matches', '?from=today'], teamId: ['matches', '?teamId=not%20an%20id'] },
  });

  it('lets a case manager read a case they cannot see with a reason, never write, and lists it for the team', async () => {
    const glass = await given(api).case().ready;
    await glass.when(personas.otherCaseManager).get('/cases/:caseId').then(404, { code: 'CASE_NOT_FOUND' });
    await glass
      .when(personas.otherCaseManager)
      .get('/cases/:caseId', reason)
      .then(200, { caseId: glass.caseId, version: 1 });
    // The grant lasts, for reads of that case only.
    await glass.when(personas.otherCaseManager).get('/cases/:caseId/events').then(200, { total: 1 });
    await glass
      .when(personas.otherCaseManager)
      .post('/cases/:caseId/contacts', steps.contacted().body, reason)
      .then(404);
    // Both reads under the grant are listed, newest first; the first carries the reason.
    const { body } = await eventually(() =>
      glass.when(personas.supervisor).get('/access/emergency?teamId=north').then(200, { total: 2 }),
    );
    const emergency = {
      caseId: glass.caseId,
      actorId: 'cm-2',
      outcome: 'emergency',
      emergencyUntil: expect.any(String),
    };
    expect(body.entries).toEqual([
      expect.objectContaining({ ...emergency, route: 'GET /cases/:caseId/events' }),
      expect.objectContaining({
        ...emergency,
        route: 'GET /cases/:caseId',
        reason: reason['x-access-reason'],
      }),
    ]);
    await glass
      .when(personas.supervisor)
      .get('/access/emergency?teamId=south')
      .then(403, { code: 'SCOPE_FORBIDDEN' });
  });
});
