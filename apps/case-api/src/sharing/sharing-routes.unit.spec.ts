import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PartnerFeedMessage } from '@casetrail/contracts';
import { eventually } from '../../../../test/support/http';
import { embeddedApi } from '../testing/api-harness';
import { given, personas, steps, UNKNOWN_CASE } from '../testing/given';
import { DISCLOSURE_STORE, type DisclosureRecord, type DisclosureStore } from '@casetrail/platform';

const partnerA = { id: 'partner-a', kind: 'service' } as const;
const partnerB = { id: 'partner-b', kind: 'service' } as const;

describe('GET /partners/:partnerId/feed-key: a partner takes the key its own feed is sealed under', () => {
  const api = embeddedApi({}, { fakeProtection: true });

  it('answers the partner its own key, the same each time, as the sealing uses it', async () => {
    const reply = await api.as(partnerA).get('/partners/partner-a/feed-key');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      kid: 'partner/partner-a',
      alg: 'A256GCM',
      key: expect.stringMatching(/^[\w-]{43}$/),
    });
    const { key } = await api.protection.partnerFeedKey('partner-a');
    expect(reply.body.key).toBe(key.toString('base64url'));
    const again = await api.as(partnerA).get('/partners/partner-a/feed-key');
    expect(again.body).toEqual(reply.body);
  });

  it('is 403 NOT_YOUR_FEED for another service account, and answers no key', async () => {
    for (const persona of [partnerB, personas.service]) {
      const reply = await api.as(persona).get('/partners/partner-a/feed-key');
      expect({ status: reply.status, code: reply.body.code, key: reply.body.key }).toEqual({
        status: 403,
        code: 'NOT_YOUR_FEED',
        key: undefined,
      });
    }
  });

  it.each([
    ['caseManager', personas.caseManager],
    ['supervisor', personas.supervisor],
    ['auditor', personas.auditor],
    ['administrator', personas.administrator],
  ])('is 403 ACTION_NOT_PERMITTED for the %s, even naming a partner as its own id', async (_, persona) => {
    const reply = await api.as(persona).get(`/partners/${persona.id}/feed-key`);
    expect({ status: reply.status, code: reply.body.code }).toEqual({
      status: 403,
      code: 'ACTION_NOT_PERMITTED',
    });
  });
});

describe('GET /clients/:clientId/disclosures: the accounting, for whoever may read one of the client’s cases', () => {
  const api = embeddedApi({}, { fakeProtection: true });
  const store = () => api.app.get<DisclosureStore>(DISCLOSURE_STORE);
  const record = (overrides: Partial<DisclosureRecord>): DisclosureRecord => ({
    messageId: 'm',
    clientId: 'c',
    partnerId: 'partner-a',
    caseId: 'case',
    eventId: 'e',
    eventType: 'NeedAssessed',
    kind: 'disclosure',
    consentIds: ['consent-1'],
    categories: ['housing'],
    fields: ['data.needs[].domain'],
    topic: 'casetrail.case-events.v1.partner.partner-a',
    disclosedAt: '2026-12-01T00:00:00.000Z',
    position: 1,
    ...overrides,
  });

  /** A client with a case in team north and one in team south, and a record on each. */
  const client = async () => {
    const north = await given(api).case(steps.engaged()).ready;
    const { body } = await north.when(personas.caseManager).get('/cases/:caseId').then(200);
    const clientId = body.clientId as string;
    const south = await given(api).case(steps.engaged({ clientId, teamId: 'south' })).ready;
    const later = record({ messageId: `${clientId}-2`, clientId, caseId: north.caseId, position: 20 });
    const earlier = record({ messageId: `${clientId}-1`, clientId, caseId: north.caseId, position: 10 });
    const elsewhere = record({ messageId: `${clientId}-3`, clientId, caseId: south.caseId, position: 30 });
    const stranger = record({
      messageId: `${clientId}-x`,
      clientId: `${clientId}-other`,
      caseId: north.caseId,
    });
    for (const r of [later, elsewhere, earlier, stranger]) await store().record(r);
    return { clientId, north, south, earlier, later, elsewhere };
  };

  it('lists the auditor every record of the client, oldest first, and nothing of another client', async () => {
    const { clientId, earlier, later, elsewhere } = await client();
    const reply = await api.as(personas.auditor).get(`/clients/${clientId}/disclosures`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      clientId,
      total: 3,
      offset: 0,
      limit: 100,
      disclosures: [earlier, later, elsewhere],
    });
    const page = await api.as(personas.auditor).get(`/clients/${clientId}/disclosures?offset=1&limit=1`);
    expect(page.body).toMatchObject({ total: 3, offset: 1, limit: 1, disclosures: [later] });
  });

  it('lists a supervisor the records of the client’s cases in their team only', async () => {
    const { clientId, earlier, later } = await client();
    const reply = await api.as(personas.supervisor).get(`/clients/${clientId}/disclosures`);
    expect(reply.body.disclosures).toEqual([earlier, later]);
  });

  it('is 404 CLIENT_NOT_FOUND for a supervisor of another team, and for a client never seen', async () => {
    const { clientId } = await client();
    const south = { id: 'sup-2', role: 'supervisor', teams: ['west'] } as const;
    for (const [persona, id] of [
      [south, clientId],
      [personas.auditor, UNKNOWN_CASE],
    ] as const) {
      const reply = await api.as(persona).get(`/clients/${id}/disclosures`);
      expect({ status: reply.status, code: reply.body.code, list: reply.body.disclosures }).toEqual({
        status: 404,
        code: 'CLIENT_NOT_FOUND',
        list: undefined,
      });
    }
  });

  it.each([
    ['intake', personas.intake],
    ['caseManager', personas.caseManager],
    ['analyst', personas.analyst],
    ['administrator', personas.administrator],
    ['service', personas.service],
  ])('is 403 ACTION_NOT_PERMITTED for the %s', async (_, persona) => {
    const { clientId } = await client();
    const reply = await api.as(persona).get(`/clients/${clientId}/disclosures`);
    expect({ status: reply.status, code: reply.body.code }).toEqual({
      status: 403,
      code: 'ACTION_NOT_PERMITTED',
    });
  });

  it('records the read in the access log of each case it answered for', async () => {
    const { clientId, north } = await client();
    await api
      .as(personas.supervisor)
      .get(`/clients/${clientId}/disclosures`)
      .then((r) => expect(r.status).toBe(200));
    await eventually(async () => {
      const log = await north.when(personas.supervisor).get('/cases/:caseId/access-log').then(200);
      expect(log.body.entries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            route: 'GET /clients/:clientId/disclosures',
            actor: { id: 'sup-1', role: 'supervisor' },
          }),
        ]),
      );
    });
  });
});

describe('embedded mode: each partner’s feed is a file of its own, its pii sealed to it', () => {
  const api = embeddedApi({}, { fakeProtection: true });

  it('writes <dataDir>/partner-feeds/<partnerId>.jsonl with what the consent covers, and accounts for it', async () => {
    const opened = await given(api).case(steps.engaged(), steps.consented(), steps.assessedSensitively())
      .ready;
    const { body } = await opened.when(personas.caseManager).get('/cases/:caseId').then(200);
    const file = join(api.config.dataDir, 'partner-feeds', 'clinic-1.jsonl');
    const messages = await eventually(() => {
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      const parsed = lines.map((line) => JSON.parse(line) as PartnerFeedMessage);
      if (!parsed.some((m) => m.event.type === 'NeedAssessed')) throw new Error('not yet');
      return Promise.resolve(parsed);
    });
    const assessment = messages.find((m) => m.event.type === 'NeedAssessed')!;
    expect(assessment).toMatchObject({
      partnerId: 'clinic-1',
      caseId: opened.caseId,
      categories: ['mental_health'],
    });
    expect(assessment.data.needs).toEqual([
      { needId: 'need-mood', domain: 'mental_health', category: 'mental_health', severity: 'moderate' },
    ]);
    expect(readFileSync(file, 'utf8')).not.toContain('violent');
    const listed = await api.as(personas.auditor).get(`/clients/${body.clientId}/disclosures`);
    expect(listed.body.disclosures.map((d: { messageId: string }) => d.messageId)).toEqual(
      messages.map((m) => m.messageId),
    );
  });
});
