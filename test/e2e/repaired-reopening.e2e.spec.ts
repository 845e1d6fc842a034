import { randomUUID } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { MongoClient, type Db } from 'mongodb';
import { CASE_EVENT_SCHEMA_VERSION } from '@casetrail/domain';
import { MongoEventStore } from '@casetrail/event-store';
import type { CasetrailConfig } from '@casetrail/platform';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { api, eventually } from '../support/http';
import type { Persona } from '../support/identity';
import { dayFromNow } from '../support/clock';

const MINUTE_MS = 60_000;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * MINUTE_MS).toISOString();

/**
 * Issue #9's broken case: a reopening dated before the closing it reopens (recorded before the
 * rule existed, so written straight into the store here), repaired through the API, once by
 * correcting its date and once by voiding it and reopening again. Afterwards the case's state (now
 * and as of a date), its caseload entry and the outcome report read right, over the real event
 * store, Kafka and read models.
 */
describe('a reopening dated before its closing, repaired through the API', () => {
  let config: CasetrailConfig;
  let caseApi: { app: INestApplication; url: string };
  let projector: INestApplicationContext;
  let mongo: MongoClient;
  let db: Db;
  const periodStart = minutesAgo(100);

  const personas = {
    worker: { id: 'cm-repair', role: 'case_manager' },
    supervisor: { id: 'sup-repair', role: 'supervisor', teams: ['team-repair'] },
    auditor: { id: 'auditor-1', role: 'auditor' },
  } as const satisfies Record<string, Persona>;
  const as = (persona: Persona) => api(caseApi.url, persona);

  beforeAll(async () => {
    config = isolatedExternalConfig();
    caseApi = await startApi(config);
    projector = await startProjector(config);
    mongo = await new MongoClient(config.mongo.uri).connect();
    db = mongo.db(config.mongo.database);
  });

  afterAll(async () => {
    await projector?.close();
    await caseApi?.app.close();
    await db?.dropDatabase();
    await mongo?.close();
  });

  const created = async (reply: Promise<{ status: number; body: any }>) => {
    const { status, body } = await reply;
    expect({ status, body }).toMatchObject({ status: 201 });
    return body;
  };

  /** Engaged 3 h ago, assessed, planned, closed 1 h ago; then the legacy reopening dated 2 h ago. */
  const brokenCase = async (programId: string) => {
    const worker = as(personas.worker);
    const { caseId } = await created(
      worker.post('/cases', {
        programId,
        teamId: 'team-repair',
        caseManagerId: 'cm-repair',
        referralSource: 'self',
        consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
        client: { givenName: 'Jo', familyName: 'Reyes', dateOfBirth: '1990-02-02' },
        presentingConcerns: 'Left a violent partner; staying in a shelter',
        engagedAt: minutesAgo(180),
      }),
    );
    const path = `/cases/${caseId}`;
    await created(
      worker.post(`${path}/assessments`, {
        needs: [{ needId: 'need-safety', domain: 'safety', severity: 'critical' }],
        summary: 'Needs a safety plan and a place to stay',
        assessedAt: minutesAgo(170),
      }),
    );
    const nextReviewDate = dayFromNow(30);
    await created(
      worker.post(`${path}/plan/amendments`, {
        goalsAdded: [
          {
            goalId: 'goal-safety',
            domain: 'safety',
            needIds: ['need-safety'],
            target: { metric: 'safety plan in place', value: 1, unit: 'plan' },
            dueDate: dayFromNow(60),
          },
        ],
        nextReviewDate,
        reason: 'Safety plan agreed with the client',
        occurredAt: minutesAgo(160),
      }),
    );
    await created(
      worker.post(`${path}/termination`, {
        reason: 'client_withdrew',
        goalOutcomes: [{ goalId: 'goal-safety', outcome: 'not_achieved' }],
        summary: 'Client stopped answering',
        occurredAt: minutesAgo(60),
      }),
    );
    // What a release before the rule accepted: a reopening dated an hour before the closing.
    const store = await new MongoEventStore(db).init();
    const legacyId = randomUUID();
    await store.append(caseId, 4, [
      {
        type: 'CaseReopened',
        occurredAt: minutesAgo(120),
        data: { caseManagerId: null },
        pii: { reason: 'Client called back' },
        eventId: legacyId,
        schemaVersion: CASE_EVENT_SCHEMA_VERSION.CaseReopened,
        streamId: caseId,
        recordedAt: new Date().toISOString(),
        actor: { id: 'cm-repair', role: 'case_manager' },
        correlationId: randomUUID(),
        causationId: randomUUID(),
      },
    ]);
    return { caseId: caseId as string, path, legacyId, nextReviewDate };
  };

  /** What the case reads as once repaired: open, reopened once, after its closing. */
  const expectRepaired = async (
    at: { caseId: string; path: string; nextReviewDate: string },
    programId: string,
    version: number,
  ) => {
    const auditor = as(personas.auditor);
    const now = await auditor.get(at.path);
    expect(now.body).toMatchObject({ version, state: { status: 'open', reopenedCount: 1 } });
    // 45 minutes ago, the case was closed: the reopening came after the closing.
    const between = await auditor.get(`${at.path}?asOf=${encodeURIComponent(minutesAgo(45))}&basis=occurred`);
    expect(between.body).toMatchObject({ state: { status: 'closed', reopenedCount: 0 } });
    // 90 minutes ago it was simply open, never yet reopened.
    const before = await auditor.get(`${at.path}?asOf=${encodeURIComponent(minutesAgo(90))}&basis=occurred`);
    expect(before.body).toMatchObject({ state: { status: 'open', reopenedCount: 0 } });

    // The read models, through Kafka: the caseload entry and the outcome report.
    await eventually(async () => {
      const query = `from=${encodeURIComponent(periodStart)}&to=${encodeURIComponent(
        new Date(Date.now() + MINUTE_MS).toISOString(),
      )}&groupBy=program`;
      const { body } = await as(personas.supervisor).get(`/reports/outcomes?${query}`);
      const row = body.rows.find((r: any) => r.group === programId);
      expect(row).toMatchObject({ casesClosed: 1, casesReopened: 1, openCases: 1 });
    });
    await eventually(async () => {
      const { body } = await as(personas.worker).get('/caseloads/cm-repair?status=all');
      const entry = body.cases.find((c: any) => c.caseId === at.caseId);
      expect(entry).toMatchObject({ version, status: 'open', nextReviewDate: at.nextReviewDate });
    });
  };

  it('is wrong as stored: reopened before it was closed', async () => {
    const broken = await brokenCase('repair-shown');
    const before = await as(personas.auditor).get(
      `${broken.path}?asOf=${encodeURIComponent(minutesAgo(90))}&basis=occurred`,
    );
    // Without the repair the history says the case was reopened while still open.
    expect(before.body).toMatchObject({ state: { reopenedCount: 1 } });
  });

  it('is repaired by correcting the reopening’s date to after the closing (a supervisor’s call)', async () => {
    const broken = await brokenCase('repair-corrected');
    const correction = { occurredAt: minutesAgo(30), reason: 'Reopened after the closing, not before' };
    const refused = await as(personas.worker).post(
      `${broken.path}/entries/${broken.legacyId}/correction`,
      correction,
    );
    expect(refused.status).toBe(403);
    const body = await created(
      as(personas.supervisor).post(`${broken.path}/entries/${broken.legacyId}/correction`, correction),
    );
    expect(body).toMatchObject({ version: 6, events: [{ type: 'EntryCorrected', version: 6 }] });
    await expectRepaired(broken, 'repair-corrected', 6);
  });

  it('is repaired by voiding the reopening and reopening again after the closing', async () => {
    const broken = await brokenCase('repair-voided');
    await created(
      as(personas.supervisor).post(`${broken.path}/entries/${broken.legacyId}/void`, {
        reason: 'Dated before the closing it reopens',
      }),
    );
    const closed = await as(personas.auditor).get(broken.path);
    expect(closed.body).toMatchObject({ version: 6, state: { status: 'closed', reopenedCount: 0 } });
    await created(
      as(personas.worker).post(`${broken.path}/reopening`, {
        reason: 'Client called back',
        occurredAt: minutesAgo(30),
      }),
    );
    await expectRepaired(broken, 'repair-voided', 7);
  });
});
