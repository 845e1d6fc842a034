import { embeddedApi } from '../../testing/api-harness';
import { engagement, given, personas } from '../../testing/given';

describe('POST /cases: a new client likely to be a known one', () => {
  const api = embeddedApi({ INTAKE_DUPLICATE_CHECK: 'true' });
  const client = (givenName: string, familyName: string, dateOfBirth = '1988-03-09', phone?: string) => ({
    client: { givenName, familyName, dateOfBirth, ...(phone === undefined ? {} : { phone }) },
  });
  const engage = (
    overrides: Record<string, unknown>,
    as: (typeof personas)[keyof typeof personas] = personas.supervisor,
  ) => given(api).nothing().when(as).post('/cases', engagement(overrides));

  // The supervisor of team north reads the team's cases: the candidates it is shown are those.
  it('answers 409 POSSIBLE_DUPLICATE naming the case id and number only, and writes nothing', async () => {
    const first = await engage(client('Amina', 'Yusuf')).then(201);
    const { body: read } = await given(api)
      .nothing()
      .when(personas.caseManager)
      .get(`/cases/${first.body.caseId}`)
      .then(200);
    const caseNumber = (read.state as { caseNumber: string }).caseNumber;
    const before = await api.protection.clientCases(read.clientId as string);
    const { body } = await engage(client('Aminah', 'Yusuf')).then(409, {
      code: 'POSSIBLE_DUPLICATE',
      details: { candidates: [{ caseId: first.body.caseId, caseNumber }], notVisible: 0 },
    });
    expect(JSON.stringify(body)).not.toMatch(/amina|yusuf|1988/i);
    expect(Object.keys((body.details as { candidates: object[] }).candidates[0] ?? {}).sort()).toEqual([
      'caseId',
      'caseNumber',
    ]);
    expect(await api.protection.clientCases(read.clientId as string)).toEqual(before);
    // No client was registered for the refused engagement: its name is in no entry.
    expect(await api.protection.findClients({ givenName: 'Aminah', familyName: 'Yusuf' })).toEqual([]);
  });

  it('finds swapped names, a nickname, and a phone written otherwise; not a namesake born another day', async () => {
    await engage(client('William', 'Okafor', '1975-11-02', '07700 900461')).then(201);
    await engage(client('Okafor', 'William', '1975-11-02')).then(409, { code: 'POSSIBLE_DUPLICATE' });
    await engage(client('Bill', 'Okafor', '1975-11-02')).then(409, { code: 'POSSIBLE_DUPLICATE' });
    await engage(client('Bill', 'Okafor', '1999-01-01', '+44 7700 900461')).then(409, {
      code: 'POSSIBLE_DUPLICATE',
    });
    await engage(client('William', 'Okafor', '1999-01-01')).then(201);
  });

  it('opens the case when the body links the client or confirms every candidate, not one missing', async () => {
    const first = await engage(client('Hodan', 'Warsame', '1992-07-21')).then(201);
    const second = await engage({
      ...client('Hodan', 'Warsame', '1992-07-21'),
      duplicateCheck: { confirmedNewAfter: [first.body.caseId] },
    }).then(201);
    // Two candidates now: a confirmation naming one of them is refused, naming both is not.
    await engage({
      ...client('Hodan', 'Warsame', '1992-07-21'),
      duplicateCheck: { confirmedNewAfter: [first.body.caseId] },
    }).then(409, { code: 'POSSIBLE_DUPLICATE', details: { unconfirmed: [second.body.caseId] } });
    await engage({
      ...client('Hodan', 'Warsame', '1992-07-21'),
      duplicateCheck: { confirmedNewAfter: [first.body.caseId, second.body.caseId] },
    }).then(201);
    const { body: read } = await given(api)
      .nothing()
      .when(personas.caseManager)
      .get(`/cases/${first.body.caseId}`)
      .then(200);
    await engage({ ...client('Hodan', 'Warsame', '1992-07-21'), clientId: read.clientId }).then(201);
  });

  it('gives a caller who may not read the other case no id of it, only a count', async () => {
    await engage(client('Liban', 'Hersi', '1969-02-14')).then(201);
    const { body } = await engage(
      { ...client('Liban', 'Hersi', '1969-02-14'), caseManagerId: 'cm-2' },
      personas.otherCaseManager,
    ).then(409, { code: 'POSSIBLE_DUPLICATE', details: { candidates: [], notVisible: 1 } });
    expect(JSON.stringify(body)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await engage(
      {
        ...client('Liban', 'Hersi', '1969-02-14'),
        caseManagerId: 'cm-2',
        duplicateCheck: { confirmedNewAfter: [] },
      },
      personas.otherCaseManager,
    ).then(201);
  });

  it('lets a retry with the same Idempotency-Key land on its own case, not on itself as a duplicate', async () => {
    const body = engagement(client('Tariq', 'Mansour', '1980-08-08'));
    const send = () =>
      given(api)
        .nothing()
        .when(personas.intake)
        .post('/cases', body, { 'idempotency-key': 'dup-check-retry' });
    const first = await send().then(201);
    await send().then(201, first.body, { 'idempotent-replayed': 'true' });
  });

  it('lists a client’s cases in order as episodes for a caller who may read them, and none for one who may not', async () => {
    const first = await engage({
      ...client('Zainab', 'Haddad', '1979-09-30'),
      programId: 'housing-first',
    }).then(201);
    const { body: read } = await given(api)
      .nothing()
      .when(personas.supervisor)
      .get(`/cases/${first.body.caseId}`)
      .then(200);
    const clientId = read.clientId as string;
    const second = await engage({
      ...client('Zainab', 'Haddad', '1979-09-30'),
      clientId,
      programId: 'employment',
    }).then(201);
    const { body } = await given(api)
      .nothing()
      .when(personas.supervisor)
      .get(`/clients/${clientId}`)
      .then(200, {
        clientId,
        episodes: [
          {
            episode: 1,
            caseId: first.body.caseId,
            programId: 'housing-first',
            status: 'open',
            closedAt: null,
          },
          { episode: 2, caseId: second.body.caseId, programId: 'employment', status: 'open', closedAt: null },
        ],
      });
    expect(JSON.stringify(body)).not.toMatch(/zainab|haddad|1979/i);
    await given(api)
      .nothing()
      .when(personas.otherCaseManager)
      .get(`/clients/${clientId}`)
      .then(404, { code: 'CLIENT_NOT_FOUND' });
    await given(api)
      .nothing()
      .when(personas.supervisor)
      .get('/clients/no-such-client')
      .then(404, { code: 'CLIENT_NOT_FOUND' });
  });
});
