import type { INestApplication } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import type { CasetrailConfig } from '@casetrail/platform';
import { isolatedExternalConfig, startApi } from '../support/apps';
import { api } from '../support/http';

/**
 * Duplicate clients at intake, over the real database and OpenID Provider: a likely match is a 409
 * naming the cases the caller may read (ids and numbers only), linking or confirming opens the case,
 * and the client's record lists their cases as episodes.
 */
describe('duplicate clients at intake, over HTTP', () => {
  let config: CasetrailConfig;
  let caseApi: { app: INestApplication; url: string };

  const supervisor = () => api(caseApi.url, { id: 'sup-dup', role: 'supervisor', teams: ['team-dup'] });
  const stranger = () => api(caseApi.url, { id: 'cm-dup-9', role: 'case_manager', teams: ['team-other'] });
  const engagement = (client: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    programId: 'resettlement',
    teamId: 'team-dup',
    caseManagerId: 'cm-dup-1',
    referralSource: 'outreach',
    consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
    client,
    presentingConcerns: 'Arrived last month; needs housing and language classes',
    ...extra,
  });
  const AMINA = { givenName: 'Amina', familyName: 'Yusuf', dateOfBirth: '1991-06-03' };
  const AMINAH = { ...AMINA, givenName: 'Aminah' };
  let firstCaseId = '';
  let caseNumber = '';
  let clientId = '';

  beforeAll(async () => {
    config = isolatedExternalConfig({ INTAKE_DUPLICATE_CHECK: 'true' });
    caseApi = await startApi(config);
    const engaged = await supervisor().post('/cases', engagement(AMINA));
    expect(engaged.status).toBe(201);
    firstCaseId = engaged.body.caseId;
    const read = await supervisor().get(`/cases/${firstCaseId}`);
    caseNumber = read.body.state.caseNumber;
    clientId = read.body.clientId;
  });

  afterAll(async () => {
    await caseApi?.app.close();
    const mongo = await new MongoClient(config.mongo.uri).connect();
    await mongo.db(config.mongo.database).dropDatabase();
    await mongo.close();
  });

  it('answers Aminah Yusuf born the same day 409 with the case id and number, and no name', async () => {
    const answer = await supervisor().post('/cases', engagement(AMINAH));
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      code: 'POSSIBLE_DUPLICATE',
      details: { candidates: [{ caseId: firstCaseId, caseNumber }], notVisible: 0 },
    });
    expect(JSON.stringify(answer.body)).not.toMatch(/amina|yusuf|1991/i);
    expect((await supervisor().get(`/clients/${clientId}`)).body.episodes).toHaveLength(1);
  });

  it('opens the case when the body links the client by clientId, or confirms a new one', async () => {
    const linked = await supervisor().post(
      '/cases',
      engagement(AMINAH, { clientId, programId: 'employment' }),
    );
    expect(linked.status).toBe(201);
    const record = await supervisor().get(`/clients/${clientId}`);
    expect(record.status).toBe(200);
    expect(record.body.episodes).toMatchObject([
      {
        episode: 1,
        caseId: firstCaseId,
        caseNumber,
        programId: 'resettlement',
        status: 'open',
        closedAt: null,
      },
      { episode: 2, caseId: linked.body.caseId, programId: 'employment', status: 'open' },
    ]);
    const confirmed = await supervisor().post(
      '/cases',
      engagement(AMINAH, { duplicateCheck: { confirmedNewAfter: [firstCaseId, linked.body.caseId] } }),
    );
    expect(confirmed.status).toBe(201);
    const read = await supervisor().get(`/cases/${confirmed.body.caseId}`);
    expect(read.body.clientId).not.toBe(clientId);
  });

  it('tells a case manager who may not see the other cases only how many there are', async () => {
    const answer = await stranger().post(
      '/cases',
      engagement(AMINA, { teamId: 'team-other', caseManagerId: 'cm-dup-9' }),
    );
    expect(answer.status).toBe(409);
    expect(answer.body.details).toEqual({ candidates: [], notVisible: 3 });
    expect(JSON.stringify(answer.body)).not.toContain(firstCaseId);
    expect((await stranger().get(`/clients/${clientId}`)).status).toBe(404);
  });
});
