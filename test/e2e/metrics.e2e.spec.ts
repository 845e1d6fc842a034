import { networkInterfaces } from 'node:os';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import { CONTACT_TYPES } from '@casetrail/domain';
import { METRICS, type CasetrailConfig, type CasetrailMetrics } from '@casetrail/platform';
import { createCaseApi } from '../../apps/case-api/src/bootstrap';
import { isolatedExternalConfig, startProjector } from '../support/apps';
import { api, eventually } from '../support/http';

/** `name{a="1",b="2"} 3` lines as (name, labels, value); comments skipped. */
const samples = (text: string) =>
  text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`Not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
      );
      return { name: match[1]!, labels: labels as Record<string, string>, value: Number(match[3]) };
    });

const sum = (text: string, name: string, labels: Record<string, string> = {}) =>
  samples(text)
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);

/** An address of this machine that is not loopback, if it has one: a scrape from it is not local. */
const outsideAddress = (): string | null =>
  Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address ?? null;

const TOKEN = 'metrics-token-for-e2e-0123456789';
const DISTINCTIVE = 'Zephyrinaquell';

describe('GET /metrics, end to end over Kafka and MongoDB', () => {
  let config: CasetrailConfig;
  let app: INestApplication;
  let projector: INestApplicationContext;
  let port: number;
  let local: string;

  beforeAll(async () => {
    config = isolatedExternalConfig({ METRICS_TOKEN: TOKEN });
    app = await createCaseApi(config, { logger: false });
    // Every interface, so the same app can be asked from loopback and from outside it.
    await app.listen(0, '0.0.0.0');
    port = (app.getHttpServer().address() as { port: number }).port;
    local = `http://127.0.0.1:${port}`;
    projector = await startProjector(config);
  });

  afterAll(async () => {
    await projector?.close();
    await app?.close();
    const mongo = await new MongoClient(config.mongo.uri).connect();
    await mongo.db(config.mongo.database).dropDatabase();
    await mongo.close();
  });

  const scrape = async (base = local, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}/metrics`, { headers });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };

  it('moves after commands: command, append, HTTP (by route template), publisher and projector', async () => {
    const before = await scrape();
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^text\/plain/);
    const client = api(local, { id: 'intake-m', role: 'intake_worker', programs: ['housing-first'] });
    const engaged = await client.post('/cases', {
      programId: 'housing-first',
      teamId: 'team-north',
      caseManagerId: 'cm-metrics',
      referralSource: 'hospital',
      consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
      client: { givenName: DISTINCTIVE, familyName: 'Ostrowyck', dateOfBirth: '1971-05-06' },
      presentingConcerns: `${DISTINCTIVE} has no fixed address`,
      engagedAt: '2026-03-02T09:30:00.000Z',
    });
    expect(engaged.status).toBe(201);
    const caseId = engaged.body.caseId as string;
    // A stale If-Match: a conflict, counted as one.
    const manager = api(local, { id: 'cm-metrics', role: 'case_manager' });
    const conflict = await manager.post(
      `/cases/${caseId}/contacts`,
      {
        contactType: CONTACT_TYPES[0],
        participants: [{ kind: 'client' }],
        summary: 'Met the client',
        happenedAt: '2026-03-03T10:00:00.000Z',
      },
      { 'if-match': '"7"' },
    );
    expect(conflict.status).toBe(409);
    expect((await manager.get(`/cases/${caseId}`)).status).toBe(200);

    const after = await eventually(async () => {
      const now = await scrape();
      expect(sum(now.text, 'casetrail_publisher_published_events_total')).toBeGreaterThan(
        sum(before.text, 'casetrail_publisher_published_events_total'),
      );
      return now;
    });
    const count = (text: string, name: string, labels: Record<string, string> = {}) =>
      sum(text, `${name}_count`, labels);
    expect(
      count(after.text, 'casetrail_command_duration_seconds', { command: 'EngageClient', outcome: 'ok' }),
    ).toBe(
      count(before.text, 'casetrail_command_duration_seconds', { command: 'EngageClient', outcome: 'ok' }) +
        1,
    );
    expect(
      count(after.text, 'casetrail_command_duration_seconds', {
        command: 'RecordContact',
        outcome: 'conflict',
      }),
    ).toBe(1);
    expect(count(after.text, 'casetrail_event_append_duration_seconds')).toBeGreaterThan(
      count(before.text, 'casetrail_event_append_duration_seconds'),
    );
    expect(count(after.text, 'casetrail_access_log_write_duration_seconds')).toBeGreaterThan(
      count(before.text, 'casetrail_access_log_write_duration_seconds'),
    );
    // The route is the template: no series names the case.
    expect(
      count(after.text, 'http_request_duration_seconds', {
        method: 'GET',
        route: '/cases/:caseId',
        status_code: '200',
      }),
    ).toBe(1);
    expect(
      count(after.text, 'http_request_duration_seconds', {
        method: 'POST',
        route: '/cases',
        status_code: '201',
      }),
    ).toBe(1);
    expect(after.text).not.toContain(caseId);
    expect(after.text).toMatch(/process="case-api"/);
    expect(after.text).toMatch(/^nodejs_heap_size_used_bytes\{/m);
    expect(after.text).toMatch(/^casetrail_publisher_lag_events\{process="case-api"\} \d+$/m);

    // The projector's registry (its HTTP listener serves the same text).
    const projected = await eventually(async () => {
      const text = await projector.get<CasetrailMetrics>(METRICS).scrape();
      expect(
        sum(text, 'casetrail_projector_apply_duration_seconds_count', { read_model: 'caseloads' }),
      ).toBeGreaterThan(0);
      // Set after the batch is committed, a moment after it was applied.
      expect(
        samples(text).filter(
          (s) => s.name === 'casetrail_projector_lag_messages' && s.labels.topic === config.kafka.topic,
        ),
      ).not.toEqual([]);
      return text;
    });
    expect(projected).toMatch(/process="projector"/);
  });

  it('never holds client data', async () => {
    const { text } = await scrape();
    expect(text).not.toContain(DISTINCTIVE);
    expect(text).not.toContain('Ostrowyck');
    expect(text).not.toContain('cm-metrics');
    expect(text).not.toContain('intake-m');
  });

  const outside = outsideAddress();
  (outside ? it : it.skip)(
    'from outside loopback: 403 without the token, whatever X-Forwarded-For says; 200 with it',
    async () => {
      const base = `http://${outside}:${port}`;
      expect((await scrape(base)).status).toBe(403);
      expect((await scrape(base, { 'x-forwarded-for': '127.0.0.1' })).status).toBe(403);
      expect((await scrape(base, { authorization: 'Bearer not-the-token-at-all-xx' })).status).toBe(403);
      const allowed = await scrape(base, { authorization: `Bearer ${TOKEN}` });
      expect(allowed.status).toBe(200);
      expect(allowed.text).toMatch(/^casetrail_command_duration_seconds_bucket\{/m);
      expect(allowed.text).not.toContain(TOKEN);
    },
  );
});
