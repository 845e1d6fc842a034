import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { MongoClient } from 'mongodb';
import { AccessRecorder, EVENT_STORE, type EventStore } from '@casetrail/event-store';
import { ACCESS_RECORDER, type CasetrailConfig } from '@casetrail/platform';
import { AppModule } from '../../apps/case-api/src/app.module';
import { configureCaseApi } from '../../apps/case-api/src/bootstrap';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { api, eventually } from '../support/http';

/**
 * Who reads a case is part of its audited history: over the real broker and database, with
 * tokens from the real OpenID Provider. Reads are recorded before they answer; refusals too;
 * break-the-glass opens a case for a while, with a reason, for the supervisors to review.
 */
describe('the access log and break-the-glass, over HTTP', () => {
  let config: CasetrailConfig;
  let caseApi: { app: INestApplication; url: string };
  let projector: INestApplicationContext;
  let caseId = '';

  const worker = () => api(caseApi.url, { id: 'cm-north-1', role: 'case_manager' });
  const supervisor = () => api(caseApi.url, { id: 'sup-north', role: 'supervisor', teams: ['team-north'] });
  const auditor = () => api(caseApi.url, { id: 'auditor-7', role: 'auditor' });
  const stranger = () => api(caseApi.url, { id: 'cm-south-4', role: 'case_manager', teams: ['team-south'] });
  const CLIENT = { givenName: 'Ines', familyName: 'Valdivia', dateOfBirth: '1983-02-14' };

  beforeAll(async () => {
    config = isolatedExternalConfig();
    caseApi = await startApi(config);
    projector = await startProjector(config);
    const engaged = await supervisor().post('/cases', {
      programId: 'dv-shelter',
      teamId: 'team-north',
      caseManagerId: 'cm-north-1',
      referralSource: 'outreach',
      consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
      client: CLIENT,
      presentingConcerns: 'Fled a violent partner; needs a safe address',
    });
    expect(engaged.status).toBe(201);
    caseId = engaged.body.caseId;
  });

  afterAll(async () => {
    await projector?.close();
    await caseApi?.app.close();
    const mongo = await new MongoClient(config.mongo.uri).connect();
    await mongo.db(config.mongo.database).dropDatabase();
    await mongo.close();
  });

  const accessLog = async (expectedTotal: number) =>
    eventually(async () => {
      const log = await auditor().get(`/cases/${caseId}/access-log?limit=50`);
      expect(log.status).toBe(200);
      // The auditor's own reads of the log are entries too: look only at the others.
      const others = (log.body.entries as any[]).filter((e) => e.actor.id !== 'auditor-7');
      expect(others).toHaveLength(expectedTotal);
      return others;
    });

  it('lists three people’s reads newest first, and a refused attempt as denied', async () => {
    expect((await worker().get(`/cases/${caseId}`)).status).toBe(200);
    expect((await supervisor().get(`/cases/${caseId}/events`)).status).toBe(200);
    expect((await stranger().get(`/cases/${caseId}`)).status).toBe(404);
    expect((await supervisor().get(`/cases/${caseId}/timeline`)).status).toBeLessThan(500);

    const entries = await accessLog(4);
    expect(entries.map((e) => [e.actor.id, e.route, e.outcome])).toEqual([
      ['sup-north', 'GET /cases/:caseId/timeline', 'granted'],
      ['cm-south-4', 'GET /cases/:caseId', 'denied'],
      ['sup-north', 'GET /cases/:caseId/events', 'granted'],
      ['cm-north-1', 'GET /cases/:caseId', 'granted'],
    ]);
    expect(entries[1]).toMatchObject({ denial: 'CASE_NOT_FOUND', actor: { role: 'case_manager' } });
    expect(entries[3]).toMatchObject({ actor: { id: 'cm-north-1', role: 'case_manager' } });
    // Newest first by the log's own order.
    const positions = entries.map((e) => e.position as number);
    expect([...positions].sort((a, b) => b - a)).toEqual(positions);
  });

  it('records a caseload read against every case it listed', async () => {
    await eventually(async () => {
      expect((await worker().get('/caseloads/cm-north-1')).body.total).toBe(1);
    });
    await eventually(async () => {
      const log = await auditor().get(`/cases/${caseId}/access-log?limit=50`);
      expect(log.body.entries).toContainEqual(
        expect.objectContaining({
          route: 'GET /caseloads/:caseManagerId',
          outcome: 'granted',
          actor: { id: 'cm-north-1', role: 'case_manager' },
        }),
      );
    });
  });

  it('breaks the glass with a reason: read-only, for a while, recorded, and listed for review', async () => {
    const path = `/cases/${caseId}`;
    expect((await stranger().get(path)).status).toBe(404);
    const tooShort = await stranger().get(path, { 'x-access-reason': 'urgent' });
    expect(tooShort).toMatchObject({ status: 400, body: { errors: [{ field: 'X-Access-Reason' }] } });

    const reason = 'Client called the crisis line; her worker is on leave';
    const opened = await stranger().get(path, { 'x-access-reason': reason });
    expect(opened.status).toBe(200);
    expect(opened.body.client.familyName).toContain('Valdivia');
    // Emergency access reads; it never writes.
    const write = await stranger().post(`${path}/contacts`, {
      contactType: 'phone_call',
      participants: [{ kind: 'client' }],
      summary: 'Crisis call.',
      happenedAt: new Date().toISOString(),
    });
    expect(write.status).toBe(404);

    // The grant lasts: once it is in the access log, the next read needs no new reason.
    await eventually(async () => {
      expect((await stranger().get(`${path}/timeline`)).status).toBe(200);
    });

    const review = await eventually(async () => {
      const listed = await supervisor().get('/access/emergency');
      expect(listed.status).toBe(200);
      expect(listed.body.entries.length).toBeGreaterThanOrEqual(2);
      return listed.body.entries as any[];
    });
    expect(review[review.length - 1]).toMatchObject({
      caseId,
      actor: { id: 'cm-south-4' },
      outcome: 'emergency',
      reason,
      teamId: 'team-north',
    });
    expect(review.every((e) => e.emergencyUntil !== null)).toBe(true);
    // Another team's supervisor has nothing of this to review, and may not ask for it.
    const otherSupervisor = api(caseApi.url, { id: 'sup-south', role: 'supervisor', teams: ['team-south'] });
    expect((await otherSupervisor.get('/access/emergency')).body.entries).toEqual([]);
    expect((await otherSupervisor.get('/access/emergency?teamId=team-north')).status).toBe(403);
  });

  it('answers 503 with no client data when the read cannot be recorded', async () => {
    // The real recorder over a store whose appends fail, as when the database refuses writes.
    const failing = await Test.createTestingModule({ imports: [AppModule.forConfig(config)] })
      .overrideProvider(ACCESS_RECORDER)
      .useFactory({
        inject: [EVENT_STORE],
        factory: (store: EventStore) =>
          new AccessRecorder(
            Object.assign(Object.create(store) as EventStore, {
              append: () => Promise.reject(new Error('database refuses writes')),
            }),
          ),
      })
      .compile();
    const app = configureCaseApi(
      failing.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false }),
      config,
    );
    await app.listen(0, '127.0.0.1');
    try {
      const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
      for (const path of [`/cases/${caseId}`, `/cases/${caseId}/events`, '/caseloads/cm-north-1']) {
        const response = await api(url, { id: 'cm-north-1', role: 'case_manager' }).get(path);
        expect({ path, status: response.status, code: response.body?.code }).toEqual({
          path,
          status: 503,
          code: 'ACCESS_LOG_UNAVAILABLE',
        });
        const text = JSON.stringify(response.body);
        for (const secret of [CLIENT.givenName, CLIENT.familyName, CLIENT.dateOfBirth, 'violent'])
          expect(text).not.toContain(secret);
      }
    } finally {
      await app.close();
    }
  });
});
