import { embeddedApi } from '../testing/api-harness';
import { given, invalid, personas, steps, type GivenCase } from '../testing/given';

describe('POST /clients/:clientId/merge: a mistaken duplicate merged into the survivor, both histories kept', () => {
  const api = embeddedApi({}, { fakeProtection: true });
  const REASON = { reason: 'Same person: intake spelled the family name two ways' };

  const clientOf = async (opened: GivenCase) => {
    const { body } = await opened.when(personas.caseManager).get('/cases/:caseId').then(200);
    return body.clientId as string;
  };
  /** Two records of one person, typed differently enough that intake did not match them. */
  const twoRecords = async (name: string) => {
    const first = await given(api).case(
      steps.engaged({ client: { givenName: name, familyName: 'Okonkwo', dateOfBirth: '1979-04-03' } }),
    ).ready;
    const second = await given(api).case(
      steps.engaged({
        client: { givenName: `${name}x`, familyName: 'Zwelithini', dateOfBirth: '1981-09-09' },
      }),
      steps.contacted(),
    ).ready;
    return { first, second, survivor: await clientOf(first), duplicate: await clientOf(second) };
  };
  const merge = (
    survivor: string,
    duplicate: string,
    persona: (typeof personas)[keyof typeof personas] = personas.supervisor,
  ) => api.as(persona).post(`/clients/${survivor}/merge`, { duplicateClientId: duplicate, ...REASON });

  it('moves every case of the duplicate with a CaseClientChanged; the survivor lists both, the duplicate answers it', async () => {
    const { first, second, survivor, duplicate } = await twoRecords('Chidinma');
    const before = await second.when(personas.caseManager).get('/cases/:caseId/events').then(200);
    const reply = await merge(survivor, duplicate);
    expect({ status: reply.status, body: reply.body }).toMatchObject({
      status: 201,
      body: {
        survivorClientId: survivor,
        duplicateClientId: duplicate,
        mergedBy: { id: 'sup-1', role: 'supervisor' },
        cases: [
          { caseId: second.caseId, eventId: expect.any(String), version: before.body.events.length + 1 },
        ],
      },
    });
    const after = await second.when(personas.caseManager).get('/cases/:caseId/events').then(200);
    // Nothing rewritten: the earlier events as they were, one more at the end.
    expect(after.body.events.slice(0, -1)).toEqual(before.body.events);
    expect(after.body.events.at(-1)).toMatchObject({
      type: 'CaseClientChanged',
      data: { fromClientId: duplicate, toClientId: survivor, mergeId: reply.body.mergeId },
    });
    await second.when(personas.caseManager).get('/cases/:caseId').then(200, { clientId: survivor });
    for (const asked of [survivor, duplicate]) {
      const record = await api.as(personas.supervisor).get(`/clients/${asked}`);
      expect({ status: record.status, clientId: record.body.clientId }).toEqual({
        status: 200,
        clientId: survivor,
      });
      expect(record.body.episodes.map((e: { caseId: string }) => e.caseId).sort()).toEqual(
        [first.caseId, second.caseId].sort(),
      );
    }
  });

  it('answers a retry with the same merge (200), changing nothing more', async () => {
    const { second, survivor, duplicate } = await twoRecords('Adaeze');
    const first = await merge(survivor, duplicate);
    const again = await merge(survivor, duplicate);
    expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: first.body });
    const history = await second.when(personas.caseManager).get('/cases/:caseId/events').then(200);
    expect(history.body.events.filter((e: { type: string }) => e.type === 'CaseClientChanged')).toHaveLength(
      1,
    );
  });

  it('refuses a merge into itself (422), a second merge of the duplicate elsewhere (409), and a merge into a merged one (409)', async () => {
    const { survivor, duplicate } = await twoRecords('Ngozi');
    const itself = await merge(survivor, survivor);
    expect({ status: itself.status, code: itself.body.code }).toEqual({
      status: 422,
      code: 'MERGE_INTO_ITSELF',
    });
    await merge(survivor, duplicate).then((r) => expect(r.status).toBe(201));
    const other = await twoRecords('Ifeoma');
    const twice = await merge(other.survivor, duplicate);
    expect({ status: twice.status, code: twice.body.code }).toEqual({
      status: 409,
      code: 'CLIENT_ALREADY_MERGED',
    });
    const intoMerged = await merge(duplicate, other.duplicate);
    expect({ status: intoMerged.status, code: intoMerged.body.code }).toEqual({
      status: 409,
      code: 'CLIENT_MERGED',
    });
  });

  it('refuses a merge into an erased client (409 CLIENT_DATA_ERASED), writing nothing', async () => {
    const { second, survivor, duplicate } = await twoRecords('Obiageli');
    await api
      .as(personas.administrator)
      .post(`/clients/${survivor}/erasure`, { legalBasis: 'GDPR Art. 17', requestedBy: 'data_subject' });
    const reply = await merge(survivor, duplicate);
    expect({ status: reply.status, code: reply.body.code }).toEqual({
      status: 409,
      code: 'CLIENT_DATA_ERASED',
    });
    await second.when(personas.caseManager).get('/cases/:caseId').then(200, { clientId: duplicate });
  });

  it.each([
    ['caseManager', personas.caseManager],
    ['intake', personas.intake],
    ['programManager', personas.programManager],
    ['administrator', personas.administrator],
    ['auditor', personas.auditor],
  ])('is 403 ACTION_NOT_PERMITTED for the %s, and merges nothing', async (_, persona) => {
    const { second, survivor, duplicate } = await twoRecords('Amaka');
    const reply = await merge(survivor, duplicate, persona);
    expect({ status: reply.status, code: reply.body.code }).toEqual({
      status: 403,
      code: 'ACTION_NOT_PERMITTED',
    });
    await second.when(personas.caseManager).get('/cases/:caseId').then(200, { clientId: duplicate });
  });

  it.each([
    ['reason', 'isNotEmpty', { duplicateClientId: 'client-2', reason: '' }],
    ['duplicateClientId', 'matches', { duplicateClientId: 'not an id', reason: 'x' }],
  ])('is 400 VALIDATION_FAILED naming %s and %s', async (field, rule, body) => {
    const reply = await api.as(personas.supervisor).post('/clients/client-1/merge', body);
    expect({ status: reply.status, body: reply.body }).toMatchObject({
      status: 400,
      body: invalid(field, rule),
    });
  });
});
