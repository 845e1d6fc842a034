import { eventually } from '../../../../../test/support/http';
import { embeddedApi } from '../../testing/api-harness';
import { given, personas } from '../../testing/given';
import { itKeepsTheQueryContract } from '../../testing/query-contract';

describe('GET /cases/:caseId/access-log: who read a case', () => {
  const api = embeddedApi();
  // A supervisor, but of another team: the case is not theirs to know of.
  const south = { id: 'sup-south', role: 'supervisor', teams: ['south'] } as const;

  itKeepsTheQueryContract(api, {
    path: '/cases/:caseId/access-log',
    as: personas.supervisor,
    refused: personas.caseManager,
    hiddenFrom: south,
    invalid: { limit: ['max', '?limit=501'] },
  });

  it("lists people's reads newest first, and a refused attempt as denied", async () => {
    const read = await given(api).case().ready;
    await read.when(personas.caseManager).get('/cases/:caseId').then(200);
    await read.when(personas.auditor).get('/cases/:caseId/events').then(200);
    await read.when(personas.otherCaseManager).get('/cases/:caseId').then(404);
    const { body } = await eventually(() =>
      read
        .when(personas.supervisor)
        .get('/cases/:caseId/access-log')
        .then(200, { caseId: read.caseId, total: 3 }),
    );
    expect(
      body.entries.map((e: { actorId: string; route: string; outcome: string }) => [
        e.actorId,
        e.route,
        e.outcome,
      ]),
    ).toEqual([
      ['cm-2', 'GET /cases/:caseId', 'denied'],
      ['auditor-1', 'GET /cases/:caseId/events', 'granted'],
      ['cm-1', 'GET /cases/:caseId', 'granted'],
    ]);
  });
});
