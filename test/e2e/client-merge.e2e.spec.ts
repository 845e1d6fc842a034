import type { INestApplication } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import type { CasetrailConfig } from '@casetrail/platform';
import { isolatedExternalConfig, startApi } from '../support/apps';
import { api } from '../support/http';

/**
 * Two records of one person merged later, over the real database and OpenID Provider: the survivor's
 * record lists every episode, both histories stay as they were (the duplicate's earlier events still
 * open, under the duplicate's key), the duplicate's id answers the survivor, and a case manager may not merge.
 */
describe('merging a duplicate client, over HTTP', () => {
  let config: CasetrailConfig;
  let caseApi: { app: INestApplication; url: string };

  const supervisor = () => api(caseApi.url, { id: 'sup-merge', role: 'supervisor', teams: ['team-merge'] });
  const caseManager = () =>
    api(caseApi.url, { id: 'cm-merge-1', role: 'case_manager', teams: ['team-merge'] });
  const engagement = (client: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    programId: 'resettlement',
    teamId: 'team-merge',
    caseManagerId: 'cm-merge-1',
    referralSource: 'outreach',
    consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
    client,
    presentingConcerns: 'Arrived last month; needs housing and language classes',
    ...extra,
  });
  const AMINA = { givenName: 'Amina', familyName: 'Yusuf', dateOfBirth: '1991-06-03' };
  let survivorCase = '';
  let duplicateCase = '';
  let survivor = '';
  let duplicate = '';

  beforeAll(async () => {
    config = isolatedExternalConfig({ INTAKE_DUPLICATE_CHECK: 'true' });
    caseApi = await startApi(config);
    const first = await supervisor().post('/cases', engagement(AMINA));
    expect(first.status).toBe(201);
    survivorCase = first.body.caseId;
    // The mistake: intake said "someone else" when it was the same person.
    const second = await supervisor().post(
      '/cases',
      engagement(
        { ...AMINA, givenName: 'Aminah' },
        { programId: 'employment', duplicateCheck: { confirmedNewAfter: [survivorCase] } },
      ),
    );
    expect(second.status).toBe(201);
    duplicateCase = second.body.caseId;
    survivor = (await supervisor().get(`/cases/${survivorCase}`)).body.clientId;
    duplicate = (await supervisor().get(`/cases/${duplicateCase}`)).body.clientId;
    expect(duplicate).not.toBe(survivor);
  });

  afterAll(async () => {
    await caseApi?.app.close();
    const mongo = await new MongoClient(config.mongo.uri).connect();
    await mongo.db(config.mongo.database).dropDatabase();
    await mongo.close();
  });

  const merge = (as = supervisor()) =>
    as.post(`/clients/${survivor}/merge`, {
      duplicateClientId: duplicate,
      reason: 'Same person: the given name was typed two ways at intake',
    });

  it('is 403 for a case manager, and merges nothing', async () => {
    const answer = await merge(caseManager());
    expect({ status: answer.status, code: answer.body.code }).toEqual({
      status: 403,
      code: 'ACTION_NOT_PERMITTED',
    });
    expect((await supervisor().get(`/cases/${duplicateCase}`)).body.clientId).toBe(duplicate);
  });

  it('merges: the survivor lists every episode, both histories intact, the duplicate answers the survivor', async () => {
    const before = (await supervisor().get(`/cases/${duplicateCase}/events`)).body.events;
    const answer = await merge();
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      survivorClientId: survivor,
      duplicateClientId: duplicate,
      cases: [{ caseId: duplicateCase, version: before.length + 1 }],
    });

    const record = await supervisor().get(`/clients/${survivor}`);
    expect(record.status).toBe(200);
    expect(record.body.episodes).toMatchObject([
      { episode: 1, caseId: survivorCase, programId: 'resettlement' },
      { episode: 2, caseId: duplicateCase, programId: 'employment' },
    ]);
    const viaDuplicate = await supervisor().get(`/clients/${duplicate}`);
    expect(viaDuplicate.body).toEqual(record.body);

    const after = (await supervisor().get(`/cases/${duplicateCase}/events`)).body.events;
    // Nothing rewritten; the engagement, sealed under the duplicate's key, still opens.
    expect(after.slice(0, -1)).toEqual(before);
    expect(after[0].pii.client).toMatchObject({ givenName: 'Aminah', familyName: 'Yusuf' });
    expect(after.at(-1)).toMatchObject({
      type: 'CaseClientChanged',
      data: { fromClientId: duplicate, toClientId: survivor, mergeId: answer.body.mergeId },
    });
    const survivorHistory = (await supervisor().get(`/cases/${survivorCase}/events`)).body.events;
    expect(survivorHistory.map((e: { type: string }) => e.type)).toEqual(['ClientEngaged']);

    const search = await supervisor().post('/clients/search', { dateOfBirth: AMINA.dateOfBirth });
    expect(search.body.matches).toEqual([{ clientId: survivor, caseIds: [survivorCase, duplicateCase] }]);

    const retried = await merge();
    expect({ status: retried.status, body: retried.body }).toEqual({ status: 200, body: answer.body });
  });
});
