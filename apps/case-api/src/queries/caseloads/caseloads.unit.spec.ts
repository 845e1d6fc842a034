import { instantBetweenRequests } from '../../../../../test/support/clock';
import { eventually } from '../../../../../test/support/http';
import { embeddedApi } from '../../testing/api-harness';
import { given, personas, steps } from '../../testing/given';
import { itKeepsTheQueryContract } from '../../testing/query-contract';

/** Cases of their own, so no other test's case lands on these caseloads. */
const east = { id: 'sup-east', role: 'supervisor', teams: ['east'] } as const;
const cm3 = { id: 'cm-3', role: 'case_manager' } as const;

describe('GET /caseloads: caseloads for case managers, supervisors and the intake queue', () => {
  const api = embeddedApi();
  const ids: Record<string, string> = {};

  itKeepsTheQueryContract(api, {
    path: '/caseloads/cm-1',
    as: personas.caseManager,
    refused: personas.analyst,
    invalid: { limit: ['max', '?limit=501'], sort: ['isIn', '?sort=mood'], status: ['isIn', '?status=lost'] },
  });
  itKeepsTheQueryContract(api, {
    path: '/caseloads?teamId=north',
    as: personas.supervisor,
    refused: personas.caseManager,
    invalid: { stage: ['isIn', '&stage=limbo'], overdue: ['isIn', '&overdue=maybe'] },
  });
  itKeepsTheQueryContract(api, {
    path: '/caseloads/unassigned',
    as: personas.supervisor,
    refused: personas.caseManager,
    invalid: { offset: ['min', '?offset=-1'] },
  });

  beforeAll(async () => {
    const engaged = (givenName: string, overrides: Record<string, unknown>) =>
      given(api).case(
        steps.engaged({
          teamId: 'east',
          client: { givenName, familyName: 'Test', dateOfBirth: '1980-01-01' },
          ...overrides,
        }),
      ).ready;
    const [ana, cy, queued] = await Promise.all([
      engaged('Ana', { caseManagerId: 'cm-3' }),
      engaged('Cy', { caseManagerId: 'cm-3' }),
      engaged('Bo', { caseManagerId: undefined }),
    ]);
    Object.assign(ids, { ana: ana.caseId, cy: cy.caseId, queued: queued.caseId });
    await cy.when(cm3).post('/cases/:caseId/termination', steps.terminated().body).then(201);
  });

  it("lists a case manager's open cases, caught up, and all of them sorted on request", async () => {
    const caseload = await eventually(() =>
      given(api)
        .nothing()
        .when(cm3)
        .get('/caseloads/cm-3')
        .then(200, {
          caseManagerId: 'cm-3',
          total: 1,
          offset: 0,
          limit: 50,
          freshness: { behindByEvents: 0 },
        }),
    );
    expect(caseload.body.cases).toEqual([
      expect.objectContaining({
        caseId: ids.ana,
        clientName: 'Ana Test',
        status: 'open',
        stage: 'engagement',
        version: 1,
      }),
    ]);
    const all = await given(api)
      .nothing()
      .when(cm3)
      .get('/caseloads/cm-3?status=all&sort=clientName&order=desc')
      .then(200);
    expect(all.body.cases.map((c: { clientName: string }) => c.clientName)).toEqual(['Cy Test', 'Ana Test']);
  });

  it("is 403 SCOPE_FORBIDDEN for another case manager's caseload", async () => {
    await given(api)
      .nothing()
      .when(personas.caseManager)
      .get('/caseloads/cm-3')
      .then(403, { code: 'SCOPE_FORBIDDEN' });
  });

  it('gives a supervisor the team view: counts per case manager, unassigned, and the cases', async () => {
    const team = await eventually(() =>
      given(api).nothing().when(east).get('/caseloads?teamId=east').then(200, { teamId: 'east', total: 2 }),
    );
    expect(team.body.summary).toEqual({
      openCases: 2,
      unassigned: 1,
      overdueReviews: 0,
      byCaseManager: [{ caseManagerId: 'cm-3', openCases: 1, overdueReviews: 0 }],
    });
    await given(api)
      .nothing()
      .when(east)
      .get('/caseloads?teamId=north')
      .then(403, { code: 'SCOPE_FORBIDDEN' });
    await given(api)
      .nothing()
      .when(east)
      .get('/caseloads')
      .then(422, {
        code: 'TEAM_OR_PROGRAM_REQUIRED',
        errors: [{ field: 'teamId', rule: 'teamIdOrProgramId' }],
      });
  });

  it('summarises what the list holds: a program filter on a team view cuts the summary too', async () => {
    await eventually(() =>
      given(api).nothing().when(east).get('/caseloads?teamId=east').then(200, { total: 2 }),
    );
    const other = await given(api)
      .nothing()
      .when(east)
      .get('/caseloads?teamId=east&programId=family-support')
      .then(200, { teamId: 'east', programId: 'family-support', total: 0 });
    expect(other.body.summary).toEqual({ openCases: 0, unassigned: 0, overdueReviews: 0, byCaseManager: [] });
  });

  it('answers a caseload as it stood then: a case transferred away since is on it, as it was', async () => {
    const moved = await given(api).case(
      steps.engaged({
        teamId: 'east',
        caseManagerId: 'cm-4',
        client: { givenName: 'Di', familyName: 'Test', dateOfBirth: '1980-01-01' },
      }),
    ).ready;
    const before = await instantBetweenRequests();
    await moved
      .when(east)
      .post('/cases/:caseId/transfer', { toCaseManagerId: 'cm-5', reason: 'Caseload rebalanced' })
      .then(201);
    await eventually(() => given(api).nothing().when(east).get('/caseloads/cm-5').then(200, { total: 1 }));
    await given(api).nothing().when(east).get('/caseloads/cm-4').then(200, { total: 0 });
    const asOf = `asOf=${encodeURIComponent(before)}`;
    const then = await given(api)
      .nothing()
      .when(east)
      .get(`/caseloads/cm-4?${asOf}`)
      .then(200, { caseManagerId: 'cm-4', asOf: before, basis: 'recorded', total: 1 });
    expect(then.body.cases).toEqual([
      expect.objectContaining({
        caseId: moved.caseId,
        caseManagerId: 'cm-4',
        version: 1,
        stage: 'engagement',
      }),
    ]);
    expect(then.body.cases[0]).not.toHaveProperty('caseState');
    // Access follows the case's assignment now: the case manager it was taken from sees it no more,
    // not even as it stood when it was theirs; their supervisor does.
    await given(api)
      .nothing()
      .when({ id: 'cm-4', role: 'case_manager' })
      .get(`/caseloads/cm-4?${asOf}`)
      .then(200, { caseManagerId: 'cm-4', asOf: before, total: 0 });
    await given(api).nothing().when(east).get(`/caseloads/cm-5?${asOf}`).then(200, { total: 0 });
    const team = await given(api)
      .nothing()
      .when(east)
      .get(`/caseloads?teamId=east&${asOf}&basis=occurred`)
      .then(200, { asOf: before, basis: 'occurred' });
    expect(team.body.summary.byCaseManager).toContainEqual({
      caseManagerId: 'cm-4',
      openCases: 1,
      overdueReviews: 0,
    });
    await given(api)
      .nothing()
      .when(east)
      .get('/caseloads/cm-4?asOf=2000-01-01T00:00:00Z')
      .then(200, { total: 0, cases: [] });
  });

  it('gives a program manager the counts without the cases', async () => {
    const program = await given(api)
      .nothing()
      .when(personas.programManager)
      .get('/caseloads?programId=housing-first')
      .then(200, {
        programId: 'housing-first',
        summary: expect.objectContaining({ openCases: expect.any(Number) }),
      });
    expect(program.body).not.toHaveProperty('cases');
  });

  it('shows a program manager no safety details of a case a supervisor sees them on', async () => {
    const unsafe = await given(api).case(
      steps.engaged({ client: { givenName: 'Quill', familyName: 'Test', dateOfBirth: '1980-01-01' } }),
      steps.assessedSensitively(),
    ).ready;
    const team = await eventually(() =>
      given(api)
        .nothing()
        .when(personas.supervisor)
        .get('/caseloads?teamId=north&limit=500')
        .then(200, {
          cases: expect.arrayContaining([
            expect.objectContaining({ caseId: unsafe.caseId, highestSeverity: 'critical', masked: [] }),
          ]),
        }),
    );
    expect(JSON.stringify(team.body)).toContain('Quill');
    const program = await given(api)
      .nothing()
      .when(personas.programManager)
      .get('/caseloads?programId=housing-first')
      .then(200, { summary: expect.objectContaining({ openCases: expect.any(Number) }) });
    expect(program.body).not.toHaveProperty('cases');
    expect(JSON.stringify(program.body)).not.toMatch(/critical|safety|mental|Quill|Hiding/);
  });

  it('lists the intake queue: open cases without a case manager', async () => {
    const queue = await eventually(() =>
      given(api).nothing().when(east).get('/caseloads/unassigned').then(200, { total: 1 }),
    );
    expect(queue.body.cases.map((c: { caseId: string }) => c.caseId)).toEqual([ids.queued]);
    const intake = await given(api).nothing().when(personas.intake).get('/caseloads/unassigned').then(200);
    expect(intake.body.cases.map((c: { caseId: string }) => c.caseId)).toContain(ids.queued);
  });

  it('answers the intake queue as it stood then: a case assigned since is still in it', async () => {
    const waiting = await given(api).case(
      steps.engaged({
        teamId: 'east',
        caseManagerId: undefined,
        client: { givenName: 'Eve', familyName: 'Test', dateOfBirth: '1980-01-01' },
      }),
    ).ready;
    const before = await instantBetweenRequests();
    await waiting.when(east).post('/cases/:caseId/assignment', { caseManagerId: 'cm-6' }).then(201);
    await eventually(() => given(api).nothing().when(east).get('/caseloads/cm-6').then(200, { total: 1 }));
    const now = await given(api).nothing().when(east).get('/caseloads/unassigned').then(200);
    expect(now.body.cases.map((c: { caseId: string }) => c.caseId)).not.toContain(waiting.caseId);
    const then = await given(api)
      .nothing()
      .when(east)
      .get(`/caseloads/unassigned?asOf=${encodeURIComponent(before)}`)
      .then(200, { asOf: before, basis: 'recorded' });
    expect(then.body.cases).toContainEqual(
      expect.objectContaining({ caseId: waiting.caseId, caseManagerId: null, version: 1 }),
    );
  });
});
