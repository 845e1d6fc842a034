import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { eventually } from '../../../../test/support/http';
import { embeddedApi } from '../testing/api-harness';
import { given, invalid, personas, steps, UNKNOWN_CASE, type GivenCase } from '../testing/given';
import { ClientErasures } from './client-erasures.service';

const ERASURE = {
  legalBasis: 'GDPR Art. 17(1)(a): the data are no longer necessary',
  requestedBy: 'data_subject',
};

describe('POST /clients/:clientId/erasure: erasing a client’s data, with a receipt on each case', () => {
  const api = embeddedApi({}, { fakeProtection: true });
  const admin = () => api.as(personas.administrator);

  /** A case with a history of work, and the id of its client. */
  const caseWithHistory = async (...more: Parameters<typeof steps.engaged>) => {
    const opened = await given(api).case(
      steps.engaged(...more),
      steps.assessed(),
      steps.planned(),
      steps.contacted(),
    ).ready;
    const { body } = await opened.when(personas.caseManager).get('/cases/:caseId').then(200);
    return { opened, clientId: body.clientId as string };
  };
  const erase = (clientId: string, body: unknown = ERASURE) =>
    admin().post(`/clients/${clientId}/erasure`, body);
  const journal = () => readFileSync(join(api.config.dataDir, 'events.journal'), 'utf8');

  it('destroys the key, receipts every case of the client, answers 201 with the receipt', async () => {
    const { opened, clientId } = await caseWithHistory({
      client: { givenName: 'Ottoline', familyName: 'Brackenbury', dateOfBirth: '1980-02-02' },
    });
    const second = await given(api).case(steps.engaged({ clientId })).ready;
    const reply = await erase(clientId);
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      erasureId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      clientId,
      legalBasis: ERASURE.legalBasis,
      requestedBy: 'data_subject',
      erasedBy: { id: personas.administrator.id, role: 'administrator' },
      requestedAt: expect.any(String),
      destroyedAt: expect.any(String),
      completedAt: expect.any(String),
      erased: ['identity', 'contact', 'free_text'],
      cases: [
        { caseId: opened.caseId, receiptEventId: expect.any(String), version: 5, affectedEvents: 4 },
        { caseId: second.caseId, receiptEventId: expect.any(String), version: 2, affectedEvents: 1 },
      ],
    });
    expect(api.fake!.hasKey(clientId)).toBe(false);
    expect(api.fake!.indexEntries(clientId)).toBe(0);

    // The record of the work stands; who the client was, and what was written about them, does not.
    const { body: read } = await opened
      .when(personas.caseManager)
      .get('/cases/:caseId')
      .then(200, {
        version: 5,
        clientId,
        client: null,
        clientData: 'erased',
        erasure: {
          erasureId: reply.body.erasureId,
          legalBasis: ERASURE.legalBasis,
          requestedBy: 'data_subject',
          erasedBy: { id: personas.administrator.id, role: 'administrator' },
          receiptEventId: reply.body.cases[0].receiptEventId,
          affectedEvents: 4,
        },
        state: { status: 'open', assessments: { count: 1 }, erasure: { erasureId: reply.body.erasureId } },
      });
    expect(Object.keys(read.state.contacts)).toEqual(['contact-1']);
    const { body: history } = await opened.when(personas.auditor).get('/cases/:caseId/events').then(200);
    expect(
      history.events.map((e: { type: string; clientData: string; pii: unknown }) => [
        e.type,
        e.clientData,
        e.pii,
      ]),
    ).toEqual([
      ['ClientEngaged', 'erased', null],
      ['NeedAssessed', 'erased', null],
      ['PlanAmended', 'erased', null],
      ['ContactRecorded', 'erased', null],
      ['ClientDataErased', 'present', {}],
    ]);
    expect(history.events[4].data).toMatchObject({
      clientId,
      affects: {
        eventIds: history.events.slice(0, 4).map((e: { eventId: string }) => e.eventId),
        throughVersion: 4,
      },
    });
    expect(journal()).not.toContain('Brackenbury');

    // Their key is gone: nothing more can be recorded about them, on these cases or a new one.
    await opened
      .when(personas.caseManager)
      .post('/cases/:caseId/contacts', { ...steps.contacted().body, contactId: 'contact-2' })
      .then(409, { code: 'CLIENT_DATA_ERASED' });
    await given(api)
      .nothing()
      .when(personas.intake)
      .post('/cases', steps.engaged({ clientId }).body)
      .then(409, {
        code: 'CLIENT_DATA_ERASED',
      });
  });

  it('shows the erasure in the read models: the timeline and caseload read as erased, the work stands', async () => {
    const { opened, clientId } = await caseWithHistory({
      client: { givenName: 'Leocadia', familyName: 'Vantongeren', dateOfBirth: '1979-03-03' },
    });
    const caughtUp = (path: string) =>
      eventually(() =>
        opened
          .when(personas.caseManager)
          .get(path)
          .then(200, { freshness: { behindByEvents: 0 } }),
      );
    const rowOf = async () =>
      ((await caughtUp('/caseloads/cm-1?limit=200')).body.cases as { caseId: string }[]).find(
        (row) => row.caseId === opened.caseId,
      );
    expect(await rowOf()).toMatchObject({ clientName: 'Leocadia Vantongeren', clientData: 'present' });
    expect((await erase(clientId)).status).toBe(201);
    const { body: timeline } = await eventually(() =>
      opened
        .when(personas.caseManager)
        .get('/cases/:caseId/timeline?order=asc')
        .then(200, { total: 5, freshness: { behindByEvents: 0 } }),
    );
    expect(JSON.stringify(timeline)).not.toContain('Vantongeren');
    expect(timeline.entries.map((e: { type: string }) => e.type)).toEqual([
      'ClientEngaged',
      'ContactRecorded',
      'NeedAssessed',
      'PlanAmended',
      'ClientDataErased',
    ]);
    expect(timeline.entries.find((e: { type: string }) => e.type === 'ContactRecorded')).toMatchObject({
      clientData: 'erased',
    });
    expect(await rowOf()).toMatchObject({ clientName: null, clientData: 'erased' });
  });

  it('answers a retry of a command recorded before the erasure with 409: its events no longer open', async () => {
    const { opened, clientId } = await caseWithHistory();
    const key = { 'idempotency-key': 'contact-before-erasure' };
    const contact = { ...steps.contacted().body, contactId: 'contact-2' };
    await opened.when(personas.caseManager).post('/cases/:caseId/contacts', contact, key).then(201);
    expect((await erase(clientId)).status).toBe(201);
    await opened
      .when(personas.caseManager)
      .post('/cases/:caseId/contacts', contact, key)
      .then(409, { code: 'CLIENT_DATA_ERASED' });
  });

  it('answers a repeat with the same receipt (200) and changes nothing', async () => {
    const { opened, clientId } = await caseWithHistory();
    const first = await erase(clientId);
    expect(first.status).toBe(201);
    const before = journal();
    const again = await erase(clientId, { legalBasis: 'Another basis', requestedBy: 'court_order' });
    expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: first.body });
    expect(journal()).toEqual(before);
    await opened.when(personas.caseManager).get('/cases/:caseId').then(200, { version: 5 });
  });

  describe('a crash after the key is destroyed, before every receipt is recorded', () => {
    const crashed = async (failures: number) => {
      const { opened, clientId } = await caseWithHistory();
      api.fake!.failAppends(failures);
      const reply = await erase(clientId);
      expect(reply.status).toBe(500);
      // The key is gone already; the case has no receipt yet.
      await opened
        .when(personas.caseManager)
        .get('/cases/:caseId')
        .then(200, { version: 4, clientData: 'erased', erasure: null });
      return { opened, clientId };
    };
    const receipted = (opened: GivenCase) =>
      opened
        .when(personas.caseManager)
        .get('/cases/:caseId')
        .then(200, { version: 5, erasure: expect.any(Object) });

    it('refuses a command on the case meanwhile: 409 CLIENT_DATA_ERASED, their key is gone', async () => {
      const { opened } = await crashed(1);
      await opened
        .when(personas.caseManager)
        .post('/cases/:caseId/contacts', { ...steps.contacted().body, contactId: 'contact-2' })
        .then(409, { code: 'CLIENT_DATA_ERASED' });
      await opened.when(personas.caseManager).get('/cases/:caseId').then(200, { version: 4 });
    });

    it('is resumed by the next request, which answers the receipt', async () => {
      const { opened, clientId } = await crashed(1);
      const reply = await erase(clientId);
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({
        completedAt: expect.any(String),
        cases: [{ caseId: opened.caseId, version: 5 }],
      });
      await receipted(opened);
      expect((await api.protection.erasures.get(clientId))?.status).toBe('done');
    });

    it('is resumed when the API starts', async () => {
      const { opened, clientId } = await crashed(1);
      const erasures = api.app.get(ClientErasures);
      erasures.onApplicationBootstrap();
      await erasures.resumed;
      await receipted(opened);
      expect(await api.protection.erasures.pending()).toEqual([]);
      // Nothing left to do: a request now answers the finished receipt.
      const reply = await erase(clientId);
      expect(reply.status).toBe(200);
    });

    it('is tried again when resuming at start fails, without failing the start, logging ids only', async () => {
      const { opened, clientId } = await crashed(2);
      const erasures = api.app.get(ClientErasures);
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      erasures.retryMs = 20;
      expect(() => erasures.onApplicationBootstrap()).not.toThrow();
      await erasures.resumed;
      const record = await api.protection.erasures.get(clientId);
      expect(record?.status).toBe('running');
      expect(logged).toHaveBeenCalledWith(
        `Resuming erasure ${record?.erasureId} of client ${clientId} failed (Error)`,
      );
      logged.mockRestore();
      for (let waited = 0; (await api.protection.erasures.get(clientId))?.status !== 'done'; waited += 20) {
        if (waited > 2_000) throw new Error('The erasure was not resumed');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await erasures.resumed;
      await receipted(opened);
    });
  });

  it('starts even when the erasures to resume cannot be listed, and lists them again later', async () => {
    const erasures = api.app.get(ClientErasures);
    const pending = jest
      .spyOn(api.protection.erasures, 'pending')
      .mockRejectedValueOnce(new Error('store down'));
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    erasures.retryMs = 20;
    erasures.onApplicationBootstrap();
    await erasures.resumed;
    expect(logged).toHaveBeenCalledWith('Listing the erasures to resume failed (Error)');
    for (let waited = 0; pending.mock.calls.length < 2; waited += 20) {
      if (waited > 2_000) throw new Error('The erasures were not listed again');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await erasures.resumed;
    pending.mockRestore();
    logged.mockRestore();
  });

  it('is 404 CLIENT_NOT_FOUND for a client no case was engaged for', async () => {
    const reply = await erase(UNKNOWN_CASE);
    expect({ status: reply.status, code: reply.body.code }).toEqual({
      status: 404,
      code: 'CLIENT_NOT_FOUND',
    });
  });

  it.each([
    ['intake', personas.intake],
    ['caseManager', personas.caseManager],
    ['supervisor', personas.supervisor],
    ['auditor', personas.auditor],
    ['analyst', personas.analyst],
    ['programManager', personas.programManager],
    ['service', personas.service],
  ])('is 403 ACTION_NOT_PERMITTED for the %s, and erases nothing', async (_, persona) => {
    const { opened, clientId } = await caseWithHistory();
    const reply = await api.as(persona).post(`/clients/${clientId}/erasure`, ERASURE);
    expect({ status: reply.status, code: reply.body.code }).toEqual({
      status: 403,
      code: 'ACTION_NOT_PERMITTED',
    });
    expect(api.fake!.hasKey(clientId)).toBe(true);
    await opened
      .when(personas.caseManager)
      .get('/cases/:caseId')
      .then(200, { clientData: 'present', erasure: null });
  });

  it.each([
    ['legalBasis', 'isNotEmpty', { ...ERASURE, legalBasis: '' }],
    ['legalBasis', 'maxLength', { ...ERASURE, legalBasis: 'x'.repeat(501) }],
    ['legalBasis', 'isString', { requestedBy: 'data_subject' }],
    ['requestedBy', 'isIn', { ...ERASURE, requestedBy: 'Ada Moss, her neighbour' }],
    ['requestedBy', 'isString', { legalBasis: ERASURE.legalBasis }],
    ['approvedBy', 'whitelistValidation', { ...ERASURE, approvedBy: 'admin-2' }],
  ])('is 400 VALIDATION_FAILED naming %s and %s', async (field, rule, body) => {
    const reply = await erase('00000000-0000-4000-8000-000000000001', body);
    expect({ status: reply.status, body: reply.body }).toMatchObject({
      status: 400,
      body: invalid(field, rule),
    });
  });

  it('is 400 VALIDATION_FAILED naming a malformed clientId', async () => {
    const reply = await erase('not%20an%20id');
    expect({ status: reply.status, body: reply.body }).toMatchObject({
      status: 400,
      body: invalid('clientId', 'matches'),
    });
  });
});

describe('POST /clients/search: finding a client again, only among cases the caller may read', () => {
  const api = embeddedApi({}, { fakeProtection: true });
  const search = (persona: (typeof personas)[keyof typeof personas], body: unknown) =>
    api.as(persona).post('/clients/search', body);
  const heloise = { givenName: 'Héloïse', familyName: "O'Dowd-Marsh", dateOfBirth: '1975-11-30' };

  it('finds by name (normalised), by date of birth, or both, answering the cases the caller may read', async () => {
    const opened = await given(api).case(steps.engaged({ client: heloise })).ready;
    const { body } = await opened.when(personas.caseManager).get('/cases/:caseId').then(200);
    const match = { matches: [{ clientId: body.clientId, caseIds: [opened.caseId] }] };
    for (const query of [
      { givenName: 'heloise', familyName: 'odowd marsh' },
      { dateOfBirth: '1975-11-30' },
      { givenName: 'HELOISE', familyName: "O'Dowd-Marsh", dateOfBirth: '1975-11-30' },
    ]) {
      const reply = await search(personas.caseManager, query);
      expect({ status: reply.status, body: reply.body }).toEqual({ status: 200, body: match });
    }
    const none = await search(personas.caseManager, { ...heloise, dateOfBirth: '1975-12-01' });
    expect(none.body).toEqual({ matches: [] });
  });

  it('leaves out a client whose cases the caller may not read: a search tells no one who is known elsewhere', async () => {
    const who = { ...heloise, givenName: 'Perpetua' };
    const opened = await given(api).case(steps.engaged({ client: who })).ready;
    const other = await search(personas.otherCaseManager, who);
    expect({ status: other.status, body: other.body }).toEqual({ status: 200, body: { matches: [] } });
    const supervisor = await search(personas.supervisor, who);
    expect(supervisor.body.matches).toEqual([{ clientId: expect.any(String), caseIds: [opened.caseId] }]);
  });

  it('records the cases it answered in their access log', async () => {
    const who = { ...heloise, givenName: 'Araminta' };
    const opened = await given(api).case(steps.engaged({ client: who })).ready;
    await search(personas.supervisor, who);
    const erasures = await opened.when(personas.supervisor).get('/cases/:caseId/access-log').then(200);
    expect(erasures.body.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          route: 'POST /clients/search',
          actor: { id: 'sup-1', role: 'supervisor' },
        }),
      ]),
    );
  });

  it.each([
    ['administrator', personas.administrator],
    ['auditor', personas.auditor],
    ['analyst', personas.analyst],
    ['programManager', personas.programManager],
    ['service', personas.service],
  ])('is 403 ACTION_NOT_PERMITTED for the %s', async (_, persona) => {
    const reply = await search(persona, heloise);
    expect({ status: reply.status, code: reply.body.code }).toEqual({
      status: 403,
      code: 'ACTION_NOT_PERMITTED',
    });
  });

  it.each([
    ['familyName', 'isString', { givenName: 'Ada' }],
    ['givenName', 'isString', { familyName: 'Moss', dateOfBirth: '1970-05-01' }],
    ['givenName', 'isString', {}],
    ['dateOfBirth', 'matches', { dateOfBirth: '1 May 1970' }],
    ['nickname', 'whitelistValidation', { ...heloise, nickname: 'Lou' }],
  ])('is 400 VALIDATION_FAILED naming %s and %s', async (field, rule, body) => {
    const reply = await search(personas.caseManager, body);
    expect({ status: reply.status, body: reply.body }).toMatchObject({
      status: 400,
      body: invalid(field, rule),
    });
  });
});
