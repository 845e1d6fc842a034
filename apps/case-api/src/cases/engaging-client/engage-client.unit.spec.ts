import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { embeddedApi } from '../../testing/api-harness';
import { engagement, given, invalid, personas } from '../../testing/given';

describe('POST /cases: engaging a client opens a case', () => {
  const api = embeddedApi();
  const engage = (overrides: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    given(api).nothing().when(personas.intake).post('/cases', engagement(overrides), headers);

  it('answers 201 with the new case at version 1, its one event and an ETag, and opens it', async () => {
    const { body } = await engage().then(
      201,
      { version: 1, events: [{ type: 'ClientEngaged', version: 1, eventId: expect.any(String) }] },
      { etag: '"1"', 'idempotent-replayed': null },
    );
    expect(body.caseId).toMatch(/^[0-9a-f-]{36}$/);
    await given(api)
      .nothing()
      .when(personas.caseManager)
      .get(`/cases/${body.caseId}`)
      .then(200, {
        version: 1,
        clientId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        client: { givenName: 'Ada', familyName: 'Moss', dateOfBirth: '1970-05-01' },
        clientData: 'present',
        erasure: null,
        state: {
          status: 'open',
          caseNumber: expect.stringMatching(/^CT-\d{4}-[0-9A-F]{8}$/),
        },
      });
  });

  it('keeps the client’s data sealed in the journal and out of the case state', async () => {
    const { body } = await engage({
      client: { givenName: 'Zephyrine', familyName: 'Quillfeather', dateOfBirth: '1970-05-01' },
      presentingConcerns: 'Evicted from the lighthouse flat',
    }).then(201);
    const journal = readFileSync(join(api.config.dataDir, 'events.journal'), 'utf8');
    expect(journal).toContain(body.caseId as string);
    for (const plaintext of ['Zephyrine', 'Quillfeather', 'lighthouse'])
      expect(journal).not.toContain(plaintext);
    const { body: read } = await given(api)
      .nothing()
      .when(personas.caseManager)
      .get(`/cases/${body.caseId}`)
      .then(200);
    expect(JSON.stringify(read.state)).not.toContain('Zephyrine');
    expect(read.state).toMatchObject({ clientId: read.clientId });
  });

  it('opens another case for a client the caller names by clientId, and registers both to them', async () => {
    const first = await engage().then(201);
    const { body: read } = await given(api)
      .nothing()
      .when(personas.caseManager)
      .get(`/cases/${first.body.caseId}`)
      .then(200);
    const clientId = read.clientId as string;
    const second = await engage({ clientId }).then(201);
    await given(api)
      .nothing()
      .when(personas.caseManager)
      .get(`/cases/${second.body.caseId}`)
      .then(200, { clientId });
    expect(await api.protection.clientCases(clientId)).toEqual([first.body.caseId, second.body.caseId]);
  });

  it('mints a new client for an engagement naming none, the same one again for a retry', async () => {
    const key = { 'idempotency-key': 'engage-client-once' };
    const body = engagement();
    const send = () => given(api).nothing().when(personas.intake).post('/cases', body, key);
    const first = await send().then(201);
    await send().then(201, first.body, { 'idempotent-replayed': 'true' });
    const other = await engage().then(201);
    const clientOf = async (caseId: unknown) =>
      (
        await given(api)
          .nothing()
          .when(personas.caseManager)
          .get(`/cases/${String(caseId)}`)
          .then(200)
      ).body.clientId;
    expect(await clientOf(first.body.caseId)).not.toEqual(await clientOf(other.body.caseId));
    expect(await api.protection.clientCases((await clientOf(first.body.caseId)) as string)).toEqual([
      first.body.caseId,
    ]);
  });

  it('lands a retry with the same Idempotency-Key on the same case, recording it once', async () => {
    const key = { 'idempotency-key': 'engage-once' };
    // One body sent twice: engagement() dates it from the clock, so two calls differ.
    const body = engagement();
    const send = () => given(api).nothing().when(personas.intake).post('/cases', body, key);
    const first = await send().then(201);
    await send().then(201, first.body, { 'idempotent-replayed': 'true' });
    await given(api)
      .nothing()
      .when(personas.auditor)
      .get(`/cases/${first.body.caseId}/events`)
      .then(200, { total: 1 });
  });

  it('is 401 TOKEN_MISSING without a bearer token', async () => {
    await engage({}, { authorization: '' }).then(401, { code: 'TOKEN_MISSING' });
  });

  it('is 403 for a role that never opens cases, and for an intake worker outside the program', async () => {
    await given(api)
      .nothing()
      .when(personas.auditor)
      .post('/cases', engagement())
      .then(403, { code: 'ACTION_NOT_PERMITTED' });
    await engage({ programId: 'family-support' }).then(403, { code: 'ENGAGEMENT_OUT_OF_SCOPE' });
  });

  it.each([
    ['referralSource', 'isIn', { referralSource: 'rumour' }],
    [
      'client.dateOfBirth',
      'matches',
      { client: { givenName: 'Ada', familyName: 'Moss', dateOfBirth: '1 May 1970' } },
    ],
    ['presentingConcerns', 'isNotEmpty', { presentingConcerns: '' }],
    ['nickname', 'whitelistValidation', { nickname: 'Addy' }],
    ['clientId', 'isUuid', { clientId: 'Ada Moss' }],
  ])('is 400 VALIDATION_FAILED naming %s and %s', async (field, rule, overrides) => {
    await engage(overrides).then(400, invalid(field, rule));
  });

  it.each([
    ['CONSENT_REQUIRED', { consent: { toServices: false, toInformationSharing: false, sharingWith: [] } }],
    [
      'DATE_OF_BIRTH_IN_FUTURE',
      { client: { givenName: 'Ada', familyName: 'Moss', dateOfBirth: '2999-01-01' } },
    ],
    ['ENGAGEMENT_IN_FUTURE', { engagedAt: new Date(Date.now() + 86_400_000).toISOString() }],
  ])('is 422 %s when the rule is broken', async (code, overrides) => {
    await engage(overrides).then(422, { code });
  });
});
