import { instantBetweenRequests } from '../../../../../test/support/clock';
import { eventually } from '../../../../../test/support/http';
import { embeddedApi } from '../../testing/api-harness';
import { given, personas, steps } from '../../testing/given';
import { itKeepsTheQueryContract } from '../../testing/query-contract';

describe('GET /reports/outcomes: outcome measures for a period', () => {
  const api = embeddedApi();
  const from = new Date(Date.now() - 86_400_000).toISOString();
  const to = () => new Date(Date.now() + 60_000).toISOString();
  const period = () => `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to())}`;

  itKeepsTheQueryContract(api, {
    path: `/reports/outcomes?from=${encodeURIComponent(from)}&to=2099-01-01T00:00:00Z`,
    as: personas.analyst,
    refused: personas.caseManager,
    invalid: { groupBy: ['isIn', '&groupBy=weather'], format: ['isIn', '&format=pdf'] },
  });

  beforeAll(async () => {
    await given(api).case(steps.assessed(), steps.planned(), steps.referred()).ready;
    const familyIntake = { id: 'intake-2', role: 'intake_worker', programs: ['family-support'] } as const;
    const family = { ...steps.engaged({ programId: 'family-support' }), as: familyIntake };
    await given(api).case(family, steps.terminated()).ready;
  });

  it('groups by a form field: cases without an answer to it under null', async () => {
    const { body } = await eventually(() =>
      given(api)
        .nothing()
        .when(personas.analyst)
        .get(`/reports/outcomes?${period()}&groupBy=form:housing_intake.housing_status`)
        .then(200, { groupBy: 'form:housing_intake.housing_status', freshness: { behindByEvents: 0 } }),
    );
    expect(body.rows.map((row: { group: string | null }) => row.group)).toEqual([null]);
    await given(api)
      .nothing()
      .when(personas.analyst)
      .get(`/reports/outcomes?${period()}&groupBy=form:Housing.status`)
      .then(400);
  });

  it('counts cases, goals and referrals per program, caught up', async () => {
    const { body } = await eventually(() =>
      given(api)
        .nothing()
        .when(personas.analyst)
        .get(`/reports/outcomes?${period()}&groupBy=program`)
        .then(200, { groupBy: 'program', freshness: { behindByEvents: 0 } }),
    );
    const byProgram = Object.fromEntries(body.rows.map((row: { group: string }) => [row.group, row]));
    expect(byProgram['housing-first']).toMatchObject({
      casesOpened: 1,
      casesClosed: 0,
      goalsSet: 1,
      referralsMade: 1,
    });
    expect(byProgram['family-support']).toMatchObject({ casesOpened: 1, casesClosed: 1, openCases: 0 });
    expect(byProgram['family-support'].closingReasons.client_withdrew).toBe(1);
  });

  it('filters by team with teamId, within the caller’s reach', async () => {
    const { body } = await eventually(() =>
      given(api)
        .nothing()
        .when(personas.analyst)
        .get(`/reports/outcomes?${period()}&groupBy=team&teamId=north`)
        .then(200, { rows: [expect.objectContaining({ group: 'north', casesOpened: 2 })] }),
    );
    expect(body.rows).toHaveLength(1);
    await given(api)
      .nothing()
      .when(personas.analyst)
      .get(`/reports/outcomes?${period()}&groupBy=team&teamId=south`)
      .then(200, { rows: [] });
    await given(api)
      .nothing()
      .when(personas.supervisor)
      .get(`/reports/outcomes?${period()}&teamId=south`)
      .then(403, { code: 'SCOPE_FORBIDDEN' });
  });

  it('answers CSV with format=csv', async () => {
    const token = await api.tokenFor(personas.analyst);
    const csv = await fetch(`${api.url}/reports/outcomes?${period()}&format=csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('casesOpened');
  });

  it('is 400 without a period, 422 INVALID_PERIOD when it ends before it starts', async () => {
    await given(api)
      .nothing()
      .when(personas.analyst)
      .get('/reports/outcomes')
      .then(400, {
        code: 'VALIDATION_FAILED',
        errors: expect.arrayContaining([expect.objectContaining({ field: 'from' })]),
      });
    await given(api)
      .nothing()
      .when(personas.analyst)
      .get(`/reports/outcomes?from=${encodeURIComponent(to())}&to=${encodeURIComponent(from)}`)
      .then(422, { code: 'INVALID_PERIOD' });
  });

  it('produces a report as of a past instant again, equal, whatever is recorded later (basis=recorded)', async () => {
    const referred = await given(api).case(steps.assessed(), steps.planned(), steps.referred()).ready;
    const acceptedAt = await instantBetweenRequests();
    const board = await instantBetweenRequests();
    const asOf = `/reports/outcomes?${period()}&groupBy=none&asOf=${encodeURIComponent(board)}`;
    const published = await eventually(() =>
      given(api)
        .nothing()
        .when(personas.analyst)
        .get(asOf)
        .then(200, { asOf: board, basis: 'recorded', freshness: { behindByEvents: 0 } }),
    );
    // Recorded after the board saw the report: the provider had accepted before it met.
    await referred
      .when(personas.caseManager)
      .post('/cases/:caseId/referrals/ref-1/status', { status: 'accepted', occurredAt: acceptedAt })
      .then(201);
    await eventually(() =>
      given(api)
        .nothing()
        .when(personas.analyst)
        .get(asOf)
        .then(200, { freshness: { behindByEvents: 0 } }),
    );
    const again = await given(api).nothing().when(personas.analyst).get(asOf).then(200);
    expect(again.body.rows).toEqual(published.body.rows);
    const occurred = await given(api)
      .nothing()
      .when(personas.analyst)
      .get(`${asOf}&basis=occurred`)
      .then(200, { basis: 'occurred' });
    expect(occurred.body.rows[0].referralsAccepted).toBe(published.body.rows[0].referralsAccepted + 1);
  });

  it('is 403 SCOPE_FORBIDDEN for a program manager asking of another program', async () => {
    await given(api)
      .nothing()
      .when(personas.programManager)
      .get(`/reports/outcomes?${period()}&programId=family-support`)
      .then(403, { code: 'SCOPE_FORBIDDEN' });
  });
});
