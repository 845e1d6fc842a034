import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { AccessEntry } from '@casetrail/domain';
import type { AccessRecorder } from '@casetrail/event-store';
import { ACCESS_RECORDER, type CasetrailConfig } from '@casetrail/platform';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { api, eventually } from '../support/http';
import { readTopic } from '../support/kafka';

/**
 * The access log over the real broker and database: accesses recorded through the API's
 * recorder reach the access topic and the access_log, and GET /cases/{id}/access-log lists them.
 */
describe('the access log, end to end', () => {
  let config: CasetrailConfig;
  let caseApi: { app: INestApplication; url: string };
  let projector: INestApplicationContext;
  let caseId = '';

  beforeAll(async () => {
    config = isolatedExternalConfig();
    caseApi = await startApi(config);
    projector = await startProjector(config);
    const engaged = await api(caseApi.url, {
      id: 'intake-1',
      role: 'intake_worker',
      programs: ['housing'],
    }).post('/cases', {
      programId: 'housing',
      teamId: 'team-north',
      caseManagerId: 'cm-rivera',
      referralSource: 'outreach',
      consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
      client: { givenName: 'Ana', familyName: 'Test', dateOfBirth: '1975-04-04' },
      presentingConcerns: 'Facing eviction',
    });
    expect(engaged.status).toBe(201);
    caseId = engaged.body.caseId;
  });

  afterAll(async () => {
    await projector?.close();
    await caseApi?.app.close();
  });

  it('lists three people’s accesses newest first, the denied one marked denied', async () => {
    const recorder = caseApi.app.get<AccessRecorder>(ACCESS_RECORDER);
    const access = (actor: AccessEntry['actor'], at: string, denial: string | null): AccessEntry => ({
      actor,
      route: 'GET /cases/:caseId',
      outcome: denial === null ? 'granted' : 'denied',
      denial,
      cases: [{ caseId, teamId: 'team-north', programId: 'housing' }],
      reason: null,
      emergencyUntil: null,
      at,
      correlationId: `corr-${actor.id}`,
    });
    await recorder.record(
      access({ id: 'cm-rivera', role: 'case_manager' }, '2026-03-01T10:00:00.000Z', null),
    );
    await recorder.record(access({ id: 'sup-chen', role: 'supervisor' }, '2026-03-01T10:01:00.000Z', null));
    await recorder.record(
      access({ id: 'cm-other', role: 'case_manager' }, '2026-03-01T10:02:00.000Z', 'NOT_ASSIGNED'),
    );

    const auditor = api(caseApi.url, { id: 'aud-1', role: 'auditor' });
    // Reading the access log is an access too: the auditor's own reads are listed, newest of all.
    const others = (entries: any[]) => entries.filter((e) => e.actor.id !== 'aud-1');
    const body = await eventually(async () => {
      const r = await auditor.get(`/cases/${caseId}/access-log?limit=500`);
      expect(r.status).toBe(200);
      expect(others(r.body.entries)).toHaveLength(3);
      return r.body;
    });
    expect(
      others(body.entries).map((e: { actor: { id: string }; outcome: string; denial: string | null }) => [
        e.actor.id,
        e.outcome,
        e.denial,
      ]),
    ).toEqual([
      ['cm-other', 'denied', 'NOT_ASSIGNED'],
      ['sup-chen', 'granted', null],
      ['cm-rivera', 'granted', null],
    ]);
    expect(body.freshness).toMatchObject({ behindByEvents: expect.any(Number) });

    // Operators see the access projector's lag beside the case projector's.
    await eventually(async () => {
      const status = await auditor.get('/status');
      expect(status.body.accessProjector).toEqual({ group: config.kafka.accessProjectorGroup, lag: 0 });
    });

    // Paged: the auditor's own reads keep arriving at the top, so which entry a page holds moves
    // (the queries' unit tests pin that down); the page is the one asked for, over the whole log.
    const paged = await auditor.get(`/cases/${caseId}/access-log?offset=1&limit=1`);
    expect(paged.body).toMatchObject({ offset: 1, limit: 1, total: expect.any(Number) });
    expect(paged.body.entries).toHaveLength(1);
    expect(paged.body.total).toBeGreaterThanOrEqual(4);
    expect((await auditor.get(`/cases/${caseId}/access-log?limit=0`)).status).toBe(400);

    // The agency's security monitoring reads them on the access topic, keyed by the access stream.
    const messages = await readTopic(config.kafka.accessTopic, (m) => m.length >= 3);
    expect(new Set(messages.map((m) => m.key?.toString()))).toEqual(new Set([recorder.streamId]));
    const onCaseTopic = await readTopic(config.kafka.topic, (m) => m.length >= 1);
    expect(onCaseTopic.map((m) => m.key?.toString())).toEqual([caseId]);
  });

  it('lists emergency accesses for review', async () => {
    const recorder = caseApi.app.get<AccessRecorder>(ACCESS_RECORDER);
    await recorder.record({
      actor: { id: 'cm-night', role: 'case_manager' },
      route: 'GET /cases/:caseId',
      outcome: 'emergency',
      denial: null,
      cases: [{ caseId, teamId: 'team-north', programId: 'housing' }],
      reason: 'Client in crisis at the shelter',
      emergencyUntil: '2026-03-01T12:00:00.000Z',
      at: '2026-03-01T11:00:00.000Z',
      correlationId: 'corr-night',
    });
    const supervisor = api(caseApi.url, { id: 'sup-chen', role: 'supervisor', teams: ['team-north'] });
    const body = await eventually(async () => {
      const r = await supervisor.get('/access/emergency?teamId=team-north&from=2026-03-01T00:00:00Z');
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(1);
      return r.body;
    });
    expect(body.entries[0]).toMatchObject({
      caseId,
      actor: { id: 'cm-night' },
      reason: 'Client in crisis at the shelter',
      emergencyUntil: '2026-03-01T12:00:00.000Z',
    });
    // Another team's supervisor has none of it to review.
    const southern = api(caseApi.url, { id: 'sup-south', role: 'supervisor', teams: ['team-south'] });
    expect((await southern.get('/access/emergency?teamId=team-south')).body.total).toBe(0);
  });
});
