import { randomBytes } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { BSON, MongoClient, type Db } from 'mongodb';
import { openProtectionFor, type CasetrailConfig } from '@casetrail/platform';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { cleanUp } from '../support/cleanup';
import { ensureCliBuilt, envFor, runCli } from '../support/cli';
import { dayFromNow } from '../support/clock';
import { api, eventually } from '../support/http';
import { readTopic } from '../support/kafka';

/** Distinctive enough that any occurrence in stored bytes can only be this client's data. */
const GIVEN = 'Quillonia';
const FAMILY = 'Zarethwick';
const PHRASE = 'marigold saxophone umbrella';
const CONCERN = 'Fears the landlord will change the locks';
const SECRETS = [GIVEN, FAMILY, PHRASE, CONCERN];

const found = (haystack: string): string[] =>
  SECRETS.filter((secret) => haystack.toLowerCase().includes(secret.toLowerCase()));

/** Every document of every collection of the database, as its raw extended JSON. */
const rawDatabase = async (db: Db): Promise<Record<string, string>> => {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  const out: Record<string, string> = {};
  for (const name of names) out[name] = BSON.EJSON.stringify(await db.collection(name).find({}).toArray());
  return out;
};

const rawTopic = async (topic: string, atLeast: number): Promise<string> => {
  const messages = await readTopic(topic, (m) => m.length >= atLeast);
  return messages
    .map((m) =>
      [
        m.key?.toString('latin1') ?? '',
        m.value?.toString('latin1') ?? '',
        ...Object.values(m.headers ?? {}).map((h) => (Buffer.isBuffer(h) ? h.toString('latin1') : String(h))),
      ].join('\n'),
    )
    .join('\n');
};

/**
 * Client data over the real Kafka and database: sealed before it is appended, so neither the store,
 * the topic nor any read model holds it in plaintext, while an authorized reader sees it; then
 * erased, so no answer shows it again while the record of the work and its counts stay.
 */
describe('client data protection, end to end', () => {
  const h = {} as {
    config: CasetrailConfig;
    api: { app: INestApplication; url: string };
    projector: INestApplicationContext;
    mongo: MongoClient;
    db: Db;
  };
  const worker = () => api(h.api.url, { id: 'cm-prot', role: 'case_manager' });
  const supervisor = () => api(h.api.url, { id: 'sup-prot', role: 'supervisor', teams: ['team-prot'] });
  const analyst = () => api(h.api.url, { id: 'analyst-prot', role: 'analyst' });
  const admin = () => api(h.api.url, { id: 'admin-prot', role: 'administrator' });
  let caseId = '';
  let clientId = '';
  const from = new Date(Date.now() - 60_000).toISOString();
  const to = new Date(Date.now() + 3_600_000).toISOString();

  const created = async (response: Promise<{ status: number; body: any }>) => {
    const r = await response;
    expect([r.status, r.status === 201 ? null : r.body]).toEqual([201, null]);
    return r.body;
  };
  const report = async () => {
    const r = await analyst().get(
      `/reports/outcomes?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&programId=prog-prot&groupBy=none`,
    );
    expect(r.status).toBe(200);
    return r.body.rows;
  };
  const caseloadRow = async () => {
    const r = await supervisor().get('/caseloads/cm-prot');
    expect(r.status).toBe(200);
    return r.body.cases.find((c: { caseId: string }) => c.caseId === caseId);
  };
  const timeline = async () => {
    const r = await supervisor().get(`/cases/${caseId}/timeline?order=asc`);
    expect(r.status).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    ensureCliBuilt();
    h.config = isolatedExternalConfig();
    h.api = await startApi(h.config);
    h.projector = await startProjector(h.config);
    h.mongo = await new MongoClient(h.config.mongo.uri).connect();
    h.db = h.mongo.db(h.config.mongo.database);

    // A full history: engagement, assessment, plan, referral and its outcome, contacts, a review, the closing.
    const engaged = await created(
      worker().post('/cases', {
        programId: 'prog-prot',
        teamId: 'team-prot',
        caseManagerId: 'cm-prot',
        referralSource: 'outreach',
        consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
        client: { givenName: GIVEN, familyName: FAMILY, dateOfBirth: '1961-07-04' },
        presentingConcerns: CONCERN,
      }),
    );
    caseId = engaged.caseId;
    const path = `/cases/${caseId}`;
    await created(
      worker().post(`${path}/assessments`, {
        needs: [{ needId: 'need-1', domain: 'housing', severity: 'high', description: `Arrears; ${PHRASE}` }],
        summary: 'Rent arrears of three months',
      }),
    );
    await created(
      worker().post(`${path}/plan/amendments`, {
        goalsAdded: [
          {
            goalId: 'goal-1',
            domain: 'housing',
            needIds: ['need-1'],
            target: { metric: 'months of rent paid', value: 3, unit: 'months' },
            dueDate: dayFromNow(90),
          },
        ],
        nextReviewDate: dayFromNow(30),
        reason: 'First plan',
      }),
    );
    await created(
      worker().post(`${path}/referrals`, {
        referralId: 'ref-1',
        providerId: 'county-housing',
        serviceType: 'housing_voucher',
        goalIds: ['goal-1'],
      }),
    );
    await created(worker().post(`${path}/referrals/ref-1/status`, { status: 'accepted' }));
    await created(
      worker().post(`${path}/contacts`, {
        contactType: 'home_visit',
        happenedAt: new Date().toISOString(),
        participants: [{ kind: 'client' }],
        summary: `Talked it through; she said ${PHRASE} to remember the plan.`,
      }),
    );
    const state = await worker().get(path);
    expect(state.status).toBe(200);
    clientId = state.body.clientId;
    await eventually(async () => {
      expect(await caseloadRow()).toMatchObject({ version: 6 });
      expect((await timeline()).total).toBe(6);
    });
  }, 120_000);

  afterAll(async () => {
    await cleanUp(
      () => h.projector?.close(),
      () => h.api?.app.close(),
      () => h.db?.dropDatabase(),
      () => h.mongo?.close(),
    );
  });

  it('keeps the client’s name and notes out of every stored byte, and shows them to an authorized reader', async () => {
    const collections = await rawDatabase(h.db);
    expect(Object.keys(collections)).toEqual(expect.arrayContaining(['events', 'caseloads', 'timelines']));
    const leaks = Object.entries(collections)
      .map(([name, raw]) => [name, found(raw)] as const)
      .filter(([, hits]) => hits.length > 0);
    expect(leaks).toEqual([]);
    // The case's six events and the access log's reads: every message the topic carries.
    expect(found(await rawTopic(h.config.kafka.topic, 6))).toEqual([]);

    const state = await worker().get(`/cases/${caseId}`);
    expect(state.body).toMatchObject({
      clientId: expect.any(String),
      client: { givenName: GIVEN, familyName: FAMILY, dateOfBirth: '1961-07-04' },
      clientData: 'present',
    });
    const entries = JSON.stringify((await timeline()).entries);
    expect(found(entries)).toEqual(expect.arrayContaining([GIVEN, FAMILY, PHRASE, CONCERN]));
    expect(await caseloadRow()).toMatchObject({ clientName: `${GIVEN} ${FAMILY}`, clientData: 'present' });
  });

  it('erases the client: a receipt, nothing of them in any answer, the same counts, a chain that verifies, and a rebuild that agrees', async () => {
    const reportBefore = await report();
    const recordBefore = (await timeline()).entries.map(
      (e: { type: string; version: number; occurredAt: string }) => ({
        type: e.type,
        version: e.version,
        occurredAt: e.occurredAt,
      }),
    );

    // Only an administrator may erase.
    for (const caller of [worker(), supervisor(), analyst()]) {
      const denied = await caller.post(`/clients/${clientId}/erasure`, {
        legalBasis: 'GDPR Art. 17(1)(a)',
        requestedBy: 'data_subject',
      });
      expect(denied.status).toBe(403);
    }
    const erasure = await admin().post(`/clients/${clientId}/erasure`, {
      legalBasis: 'GDPR Art. 17(1)(a)',
      requestedBy: 'data_subject',
    });
    expect(erasure.status).toBe(201);
    expect(erasure.body).toMatchObject({
      clientId,
      legalBasis: 'GDPR Art. 17(1)(a)',
      requestedBy: 'data_subject',
      erasedBy: { id: 'admin-prot', role: 'administrator' },
      cases: [{ caseId, version: 7, affectedEvents: 6 }],
    });
    expect(found(JSON.stringify(erasure.body))).toEqual([]);
    // Idempotent: the same receipt, nothing appended.
    const again = await admin().post(`/clients/${clientId}/erasure`, {
      legalBasis: 'GDPR Art. 17(1)(a)',
      requestedBy: 'data_subject',
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(erasure.body);

    const state = await supervisor().get(`/cases/${caseId}`);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ clientId, client: null, clientData: 'erased', version: 7 });
    expect(found(JSON.stringify(state.body))).toEqual([]);

    const erasedAnswers = async () => {
      const t = await timeline();
      expect(t.total).toBe(7);
      const row = await caseloadRow();
      expect(row).toMatchObject({ version: 7, clientName: null, clientData: 'erased' });
      return { timeline: t, row };
    };
    const after = await eventually(erasedAnswers);
    expect(found(JSON.stringify(after))).toEqual([]);
    expect(after.timeline.entries.at(-1)).toMatchObject({ type: 'ClientDataErased', version: 7 });
    // The record of the work survives: every entry, its date and its type.
    expect(
      after.timeline.entries.slice(0, 6).map((e: { type: string; version: number; occurredAt: string }) => ({
        type: e.type,
        version: e.version,
        occurredAt: e.occurredAt,
      })),
    ).toEqual(recordBefore);
    expect(await report()).toEqual(reportBefore);

    // New work on the case cannot be recorded: the key that would seal it is gone.
    const refused = await worker().post(`/cases/${caseId}/contacts`, {
      contactType: 'phone_call',
      happenedAt: new Date().toISOString(),
      participants: [{ kind: 'client' }],
      summary: 'Called again.',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CLIENT_DATA_ERASED');

    // A consumer holding the keys (as a downstream service of the agency would) finds the receipt on
    // the topic, and the engagement it consumed earlier no longer opens.
    const messages = await readTopic(h.config.kafka.topic, (m) =>
      m.some((x) => x.value?.toString().includes('"ClientDataErased"')),
    );
    const engagedMessage = messages
      .map(
        (m) =>
          JSON.parse(m.value!.toString()) as { type: string; eventId: string; caseId: string; pii: unknown },
      )
      .find((m) => m.type === 'ClientEngaged' && m.caseId === caseId);
    const consumerKeys = await openProtectionFor(h.config, h.db);
    try {
      expect(await consumerKeys.opener.open(engagedMessage!.eventId, engagedMessage!.pii)).toEqual({
        status: 'erased',
      });
    } finally {
      await consumerKeys.close();
    }

    const env = envFor(h.config);
    const verify = await runCli(['verify'], env);
    expect({ code: verify.code, out: verify.stdout }).toEqual({ code: 0, out: expect.stringMatching(/ok/i) });

    const rebuild = await runCli(['rebuild', 'all'], env, 120_000);
    expect({ code: rebuild.code, err: rebuild.stderr }).toEqual({ code: 0, err: expect.any(String) });
    const rebuilt = await erasedAnswers();
    // Freshness says when it was asked; everything else must be the same.
    const { freshness: _now, ...rebuiltTimeline } = rebuilt.timeline;
    const { freshness: _then, ...erasedTimeline } = after.timeline;
    expect(rebuiltTimeline).toEqual(erasedTimeline);
    expect(rebuilt.row).toEqual(after.row);
    expect(await report()).toEqual(reportBefore);
  }, 180_000);
});

describe('the master key, at start-up in external mode', () => {
  it('refuses to start without one, and with one that does not open the store’s keys', async () => {
    const config = isolatedExternalConfig();
    const started = await startApi(config);
    await started.app.close();
    const { CASETRAIL_MASTER_KEY: _key, ...noKey } = config.protection.masterKeyEnv;
    void _key;
    await expect(
      startApi({ ...config, protection: { ...config.protection, masterKeyEnv: noKey } }),
    ).rejects.toThrow(/CASETRAIL_MASTER_KEY/);
    const other = { CASETRAIL_MASTER_KEY: randomBytes(32).toString('base64') };
    await expect(
      startApi({ ...config, protection: { ...config.protection, masterKeyEnv: other } }),
    ).rejects.toThrow(/master key/i);
    const mongo = await new MongoClient(config.mongo.uri).connect();
    await mongo.db(config.mongo.database).dropDatabase();
    await mongo.close();
  }, 60_000);
});
