import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { MongoClient, type Db } from 'mongodb';
import { isAccessStream } from '@casetrail/domain';
import { LocalEventStore, type EventToAppend } from '@casetrail/event-store';
import { deadLetterTopic } from '@casetrail/messaging';
import type { CasetrailConfig } from '@casetrail/platform';
import { PROJECTIONS } from '@casetrail/read-models';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { ensureCliBuilt, envFor, runCli, type CliRun } from '../support/cli';
import { api, eventually } from '../support/http';
import type { Persona } from '../support/identity';
import { KafkaProbe } from '../support/lag';
import { dayFromNow, instantBetweenRequests } from '../support/clock';

const READ_MODELS = PROJECTIONS.map((p) => p.collection);
const time = (iso: string) => new Date(iso).getTime();

const engagement = (
  client: { givenName: string; familyName: string },
  extra: Record<string, unknown> = {},
) => ({
  programId: 'housing-first',
  referralSource: 'hospital',
  consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
  client: { ...client, dateOfBirth: '1979-09-12' },
  presentingConcerns: 'Facing eviction after losing her job',
  ...extra,
});

/** Every document of every read model, by _id: what "identical read models" means. */
const snapshot = async (db: Db) =>
  Object.fromEntries(
    await Promise.all(
      READ_MODELS.map(async (name) => {
        const docs = await db.collection<{ _id: string }>(name).find({}).toArray();
        return [name, docs.sort((a, b) => a._id.localeCompare(b._id))] as const;
      }),
    ),
  );

const expectExit = (run: CliRun, code: number) =>
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code, stderr: expect.any(String) });

/**
 * The operator CLI as operators run it (`node dist/apps/cli/src/main.js`), against the same
 * Kafka and MongoDB as an API and a projector that built the read models from real requests.
 */
describe('the casetrail CLI against Kafka and MongoDB', () => {
  let config: CasetrailConfig;
  let caseApi: { app: INestApplication; url: string };
  let projector: INestApplicationContext;
  let mongo: MongoClient;
  let db: Db;
  let env: NodeJS.ProcessEnv;
  const cases = { dana: '', marcus: '', lena: '' };
  let midpoint = '';
  let danaVersionAtMidpoint = 0;
  let totalEvents = 0;

  const as = (persona: Persona) => api(caseApi.url, persona);
  /**
   * The API's side of each comparison with a replay: the supervisor of team east, where every case
   * here sits, sees every category (an auditor's reads are masked; a replay is the whole record).
   */
  const wholeRecord = () => as({ id: 'sup-reader', role: 'supervisor', teams: ['east'] });
  /** The API's timeline entries say what they masked; for this reader nothing, and a replay says nothing of it. */
  const wholeEntries = (entries: any[]) =>
    entries.map(({ masked, ...entry }) => {
      expect(masked).toEqual([]);
      return entry;
    });
  const created = async (call: Promise<{ status: number; body: any }>) => {
    const { status, body } = await call;
    if (status !== 201) throw new Error(`Expected 201, got ${status}: ${JSON.stringify(body)}`);
    return body;
  };
  const cli = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    ensureCliBuilt();
    config = isolatedExternalConfig();
    env = envFor(config);
    caseApi = await startApi(config);
    projector = await startProjector(config);
    mongo = await new MongoClient(config.mongo.uri).connect();
    db = mongo.db(config.mongo.database);

    // The intake worker opens cases in housing-first; sup-2 supervises team east, where Dana's case sits.
    const intake = as({ id: 'intake-3', role: 'intake_worker', programs: ['housing-first'] });
    const supervisor = as({ id: 'sup-2', role: 'supervisor', teams: ['east'] });
    const ortiz = as({ id: 'cm-ortiz', role: 'case_manager' });
    const lee = as({ id: 'cm-lee', role: 'case_manager' });

    // Dana: engaged unassigned, assigned, assessed, planned and referred before the midpoint...
    cases.dana = (
      await created(
        intake.post('/cases', engagement({ givenName: 'Dana', familyName: 'Price' }, { teamId: 'east' })),
      )
    ).caseId;
    const dana = `/cases/${cases.dana}`;
    await created(supervisor.post(`${dana}/assignment`, { caseManagerId: 'cm-ortiz' }));
    await created(
      ortiz.post(`${dana}/assessments`, {
        assessmentId: 'assessment-intake',
        needs: [
          {
            needId: 'need-housing',
            domain: 'housing',
            severity: 'critical',
            description: 'Eviction notice served',
          },
        ],
        summary: 'Motivated to find an affordable flat',
      }),
    );
    await created(
      ortiz.post(`${dana}/plan/amendments`, {
        goalsAdded: [
          {
            goalId: 'goal-housing',
            domain: 'housing',
            needIds: ['need-housing'],
            target: { metric: 'housing voucher issued', value: 1, unit: 'voucher' },
            dueDate: dayFromNow(90),
          },
        ],
        services: [
          { serviceType: 'housing_voucher', providerId: 'county-housing', goalIds: ['goal-housing'] },
        ],
        nextReviewDate: dayFromNow(30),
        reason: 'Initial plan agreed with Ms. Price',
      }),
    );
    await created(
      ortiz.post(`${dana}/referrals`, {
        referralId: 'ref-housing',
        providerId: 'county-housing',
        serviceType: 'housing_voucher',
        goalIds: ['goal-housing'],
        note: 'Voucher application',
      }),
    );
    // Marcus: engaged straight onto cm-lee's caseload, with a first call.
    cases.marcus = (
      await created(
        intake.post(
          '/cases',
          engagement(
            { givenName: 'Marcus', familyName: 'Webb' },
            { caseManagerId: 'cm-lee', teamId: 'east' },
          ),
        ),
      )
    ).caseId;
    await created(
      lee.post(`/cases/${cases.marcus}/contacts`, {
        contactId: 'contact-intro',
        contactType: 'phone_call',
        participants: [{ kind: 'client' }],
        durationMinutes: 15,
        summary: 'Introduced myself and booked a home visit',
        happenedAt: new Date().toISOString(),
      }),
    );

    // ...the home visit happens now but is written up after the midpoint...
    const visitHappenedAt = await instantBetweenRequests();
    midpoint = await instantBetweenRequests();
    danaVersionAtMidpoint = 5;

    // ...then a call, the late visit note, its correction, the voucher and the closing.
    await created(
      ortiz.post(`${dana}/contacts`, {
        contactId: 'contact-call',
        contactType: 'phone_call',
        participants: [{ kind: 'professional', id: 'county-housing' }],
        durationMinutes: 10,
        summary: 'Housing authority confirmed the application is complete',
        happenedAt: new Date().toISOString(),
      }),
    );
    await created(
      ortiz.post(`${dana}/contacts`, {
        contactId: 'contact-home-visit',
        contactType: 'home_visit',
        participants: [{ kind: 'client' }],
        durationMinutes: 45,
        summary: 'Visited at home; three weeks left on the notice',
        happenedAt: visitHappenedAt,
      }),
    );
    await created(
      ortiz.post(`${dana}/contacts/contact-home-visit/corrections`, {
        correctedSummary: 'Visited at home; two weeks left on the notice',
        reason: 'Misread the date on the notice',
      }),
    );
    await created(ortiz.post(`${dana}/referrals/ref-housing/status`, { status: 'accepted' }));
    await created(
      ortiz.post(`${dana}/goals/goal-housing/achievement`, { measuredValue: 1, note: 'Voucher issued' }),
    );
    await created(
      ortiz.post(`${dana}/termination`, {
        reason: 'goals_met',
        goalOutcomes: [],
        summary: 'Housed with a voucher',
      }),
    );
    // Lena: recorded after the midpoint, about an engagement that happened before it.
    cases.lena = (
      await created(
        intake.post(
          '/cases',
          engagement(
            { givenName: 'Lena', familyName: 'Novak' },
            { engagedAt: new Date(time(midpoint) - 3 * 3_600_000).toISOString(), teamId: 'east' },
          ),
        ),
      )
    ).caseId;

    // Caught up: every read model holds every case at its stream's version.
    const versions = new Map<string, number>();
    for (const caseId of Object.values(cases))
      versions.set(caseId, (await wholeRecord().get(`/cases/${caseId}`)).body.version);
    totalEvents = [...versions.values()].reduce((a, b) => a + b, 0);
    expect(versions.get(cases.dana)).toBe(11);
    await eventually(async () => {
      for (const name of READ_MODELS)
        for (const [caseId, version] of versions)
          expect({
            name,
            caseId,
            version: (await db.collection<{ _id: string; version: number }>(name).findOne({ _id: caseId }))
              ?.version,
          }).toEqual({
            name,
            caseId,
            version,
          });
    }, 60_000);
  });

  afterAll(async () => {
    await projector?.close();
    await caseApi?.app.close();
    const probe = await KafkaProbe.connect(config.kafka.brokers.join(','));
    await probe.deleteGroups(config.kafka.projectorGroup);
    await probe.deleteTopics(config.kafka.topic, deadLetterTopic(config.kafka.topic));
    await probe.close();
    await db?.dropDatabase();
    await mongo?.close();
  }, 60_000);

  it('rebuilds every read model into documents identical to what the live projector built', async () => {
    const accessLog = () =>
      db
        .collection<{ _id: string }>('access_log')
        .find({})
        .toArray()
        .then((docs) => docs.sort((a, b) => a._id.localeCompare(b._id)));
    // The reads so far were recorded (see below): the access_log holds one document per case read.
    const accessCommits = await db
      .collection<{ streamId: string; events: { data: { cases: unknown[] } }[] }>('events')
      .find({})
      .toArray();
    const casesRead = accessCommits
      .filter((commit) => isAccessStream(commit.streamId))
      .flatMap((commit) => commit.events)
      .reduce((sum, event) => sum + event.data.cases.length, 0);
    expect(casesRead).toBeGreaterThan(0);
    const liveAccessLog = await eventually(async () => {
      const docs = await accessLog();
      expect(docs).toHaveLength(casesRead);
      return docs;
    });
    await db.collection<{ _id: string }>('access_log').deleteOne({ _id: liveAccessLog[0]!._id });
    const live = await snapshot(db);
    for (const name of READ_MODELS) expect(live[name]).toHaveLength(3);
    // Damage the live read models (a projection bug since fixed, say): the rebuild must replace them.
    await db
      .collection<{ _id: string }>('caseloads')
      .updateOne({ _id: cases.marcus }, { $set: { clientName: 'X' } });
    await db.collection<{ _id: string }>('timelines').deleteOne({ _id: cases.dana });
    await db.collection<{ _id: string }>('case_facts').deleteMany({});

    // A rebuild reads the whole global log, which also holds the access log: the three reads
    // made in setting up were recorded there (access streams, skipped by every case projection). Its
    // progress and summary count every event it read: the case events and those entries.
    const commits = await db.collection<{ streamId: string; count: number }>('events').find({}).toArray();
    const eventsIn = (list: typeof commits) => list.reduce((sum, commit) => sum + commit.count, 0);
    expect(eventsIn(commits.filter((commit) => isAccessStream(commit.streamId)))).toBe(3);
    expect(eventsIn(commits.filter((commit) => !isAccessStream(commit.streamId)))).toBe(totalEvents);
    const logEvents = eventsIn(commits);

    const run = await cli('rebuild', 'all', '--batch-size', '5');

    expectExit(run, 0);
    expect(await snapshot(db)).toEqual(live);
    expect(await accessLog()).toEqual(liveAccessLog);
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names.filter((n) => n.includes('__'))).toEqual([]);
    // Progress on stderr (not a terminal: a line every ~2 s, plus the first and the last).
    for (const name of [...READ_MODELS, 'access_log']) {
      const lines = run.stderr.split('\n').filter((line) => line.startsWith(`${name} [`));
      expect(lines.length).toBeGreaterThanOrEqual(2);
      for (const line of lines)
        expect(line).toMatch(/ \d[\d,]*\/[\d,]+ {2}\d+\.\d% {2}[\d,]+ ev\/s {2}ETA (\S+)$/);
      expect(lines.at(-1)).toContain(` ${logEvents}/${logEvents}  100.0%`);
    }
    // One summary per read model on stdout.
    expect(run.stdout.trim().split('\n')).toEqual(
      [...READ_MODELS, 'access_log'].map((name) =>
        expect.stringMatching(
          new RegExp(
            `^${name}: rebuilt from ${logEvents} events in \\d+\\.\\ds \\([\\d,]+ ev/s\\), 0 dead-lettered$`,
          ),
        ),
      ),
    );
    // The swapped-in collections serve the API.
    const timeline = await wholeRecord().get(`/cases/${cases.dana}/timeline`);
    expect(timeline.body.total).toBe(11);
  });

  it('replays one case as the agency knew it at an instant: entries recorded by then, and its state then', async () => {
    const run = await cli('replay', '--case', cases.dana, '--as-of', midpoint, '--json');
    expectExit(run, 0);
    const replay = JSON.parse(run.stdout);
    expect(replay).toMatchObject({ caseId: cases.dana, asOf: midpoint, basis: 'recorded', version: 5 });
    expect(replay.entries).toHaveLength(danaVersionAtMidpoint);
    for (const entry of replay.entries) expect(time(entry.recordedAt)).toBeLessThanOrEqual(time(midpoint));
    // The state holds no client data; the replay names the client from the opened engagement.
    expect(replay.clientName).toBe('Dana Price');
    expect(replay.state).toMatchObject({
      status: 'open',
      caseManagerId: 'cm-ortiz',
      referrals: { 'ref-housing': { status: 'made' } },
      closing: null,
    });
    // The same answer as the API's own as-of reads: the event-sourced state and the timeline read model.
    const reader = wholeRecord();
    expect(replay.state).toEqual((await reader.get(`/cases/${cases.dana}?asOf=${midpoint}`)).body.state);
    const timeline = await reader.get(`/cases/${cases.dana}/timeline?asOf=${midpoint}&limit=500`);
    expect(replay.entries).toEqual(wholeEntries(timeline.body.entries));

    // By when things happened, the late-written visit counts, the correction (recorded later) does not.
    const occurred = JSON.parse(
      (await cli('replay', '--case', cases.dana, '--as-of', midpoint, '--basis', 'occurred', '--json'))
        .stdout,
    );
    expect(occurred.entries.map((e: any) => e.type)).toEqual([
      'ClientEngaged',
      'CaseAssigned',
      'NeedAssessed',
      'PlanAmended',
      'ReferralMade',
      'ContactRecorded',
    ]);
    expect(occurred.entries.at(-1).title).toMatch(/^Home visit/);
    expect(occurred.state).toEqual(
      (await reader.get(`/cases/${cases.dana}?asOf=${midpoint}&basis=occurred`)).body.state,
    );

    // Now: the whole timeline, as the projector built it; readable without --json.
    const now = JSON.parse((await cli('replay', '--case', cases.dana, '--json')).stdout);
    expect(now.state).toEqual((await reader.get(`/cases/${cases.dana}`)).body.state);
    expect(now.entries).toEqual(
      wholeEntries((await reader.get(`/cases/${cases.dana}/timeline?limit=500`)).body.entries),
    );
    const text = await cli('replay', '--case', cases.dana, '--as-of', midpoint);
    expectExit(text, 0);
    expect(text.stdout).toContain(`Case ${cases.dana} (`);
    expect(text.stdout).toContain('Dana Price: open, case manager cm-ortiz');
    expect(text.stdout).toMatch(/recorded \S+ by sup-2 \(supervisor\)/);
    expect(text.stdout).toContain('Referral to housing voucher provider county-housing');
    expect(text.stdout).not.toContain('Phone call');
  });

  it('replays the whole store as of an instant: one line per case that existed then', async () => {
    const run = await cli('replay', '--all', '--as-of', midpoint, '--json');
    expectExit(run, 0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.caseId).sort()).toEqual([cases.dana, cases.marcus].sort());
    const reader = wholeRecord();
    for (const line of lines) {
      expect(line).toMatchObject({ asOf: midpoint, basis: 'recorded' });
      const then = (await reader.get(`/cases/${line.caseId}?asOf=${midpoint}`)).body;
      expect({ version: line.version, state: line.state }).toEqual({
        version: then.version,
        state: then.state,
      });
    }
    // Marcus has not changed since: his stage then is the live caseload's.
    const marcus = lines.find((l) => l.caseId === cases.marcus);
    const liveMarcus = await db
      .collection<{ _id: string; stage: string }>('caseloads')
      .findOne({ _id: cases.marcus });
    expect(marcus.stage).toBe(liveMarcus?.stage);
    expect(run.stderr).toContain(`2 cases as of ${midpoint} (by recorded time)`);

    // Lena's engagement happened before the midpoint, though recorded after it.
    const occurred = await cli('replay', '--all', '--as-of', midpoint, '--basis', 'occurred', '--json');
    expect(
      occurred.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).caseId)
        .sort(),
    ).toEqual(Object.values(cases).sort());

    const table = await cli('replay', '--all', '--as-of', midpoint, '--batch-size', '2');
    expectExit(table, 0);
    const rows = table.stdout.trim().split('\n');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^CASE ID +NUMBER +CLIENT +STATUS +STAGE +CASE MANAGER +VERSION$/);
    expect(rows.find((row) => row.startsWith(cases.dana))).toMatch(
      / +\S+ +Dana Price +open +\w+ +cm-ortiz +5$/,
    );
    expect(rows.find((row) => row.startsWith(cases.marcus))).toMatch(
      / +\S+ +Marcus Webb +open +\w+ +cm-lee +2$/,
    );
  });

  it('refuses what it cannot do, with a clear message and exit code', async () => {
    const unknown = await cli('rebuild', 'caseload');
    expectExit(unknown, 2);
    expect(unknown.stderr).toContain(
      'Unknown read model "caseload". Valid names: caseloads, timelines, case_facts, agendas, access_log, all',
    );

    expectExit(await cli('replay', '--case', cases.dana, '--as-of', 'yesterday'), 2);
    expectExit(await cli('replay', '--case', cases.dana, '--all'), 2);
    const missing = await cli('replay', '--case', 'no-such-case');
    expectExit(missing, 1);
    expect(missing.stderr).toContain('Case no-such-case does not exist');
    const wrongDatabase = await runCli(['rebuild', 'all'], {
      ...env,
      MONGODB_DATABASE: `${config.mongo.database}_typo`,
    });
    expectExit(wrongDatabase, 1);
    expect(wrongDatabase.stderr).toContain('has no event store');
    // Refused half-way through opening the stores, once connected: it must still exit, not hang on
    // the connection (runCli's timeout kills a hung CLI, and its code is then null).
    const wrongKey = await runCli(
      ['replay', '--case', cases.dana],
      {
        ...Object.fromEntries(
          Object.entries(env).filter(([name]) => !name.startsWith('CASETRAIL_MASTER_KEY')),
        ),
        CASETRAIL_MASTER_KEY: randomBytes(32).toString('base64'),
      },
      30_000,
    );
    expectExit(wrongKey, 1);
    expect(wrongKey.stderr).toContain('wrong or lost master key');
    const embedded = await runCli(['rebuild', 'all'], {
      PATH: process.env.PATH,
      CASETRAIL_DATA_DIR: tmpdir(),
    });
    expectExit(embedded, 1);
    expect(embedded.stderr).toContain('rebuild needs external mode');

    const help = await cli('--help');
    expectExit(help, 0);
    expect(help.stdout).toContain('rebuild <readModel|all>');
  });

  it('replays an embedded journal, and refuses it while another process holds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-cli-journal-'));
    try {
      const history = (await wholeRecord().get(`/cases/${cases.dana}/events`)).body.events as any[];
      const journal = LocalEventStore.journaled(dir);
      await journal.append(
        cases.dana,
        0,
        history.map(({ version: _v, position: _p, ...event }) => event as EventToAppend),
      );
      const embeddedEnv = { PATH: process.env.PATH, CASETRAIL_DATA_DIR: dir };
      const bytes = readFileSync(join(dir, 'events.journal'));

      // This test process holds the journal, as a running app would.
      const refused = await runCli(['replay', '--case', cases.dana, '--json'], embeddedEnv);
      expectExit(refused, 1);
      expect(refused.stderr).toContain(`is in use by process ${process.pid}`);
      expect(readFileSync(join(dir, 'events.journal'))).toEqual(bytes);

      await journal.close();
      const run = await runCli(['replay', '--case', cases.dana, '--as-of', midpoint, '--json'], embeddedEnv);
      expectExit(run, 0);
      const fromJournal = JSON.parse(run.stdout);
      const fromMongo = JSON.parse(
        (await cli('replay', '--case', cases.dana, '--as-of', midpoint, '--json')).stdout,
      );
      // Global positions differ between the two stores; everything else is the same replay.
      const withoutPositions = (r: any) => ({
        ...r,
        entries: r.entries.map(({ position: _p, ...e }: any) => e),
      });
      expect(withoutPositions(fromJournal)).toEqual(withoutPositions(fromMongo));
      // A replay reads client data, so it records an access entry in the journal it read, and
      // changes nothing that was there: the journal starts with exactly its earlier bytes, the
      // case's stream is untouched, and the one thing added is this replay's access entry.
      const after = readFileSync(join(dir, 'events.journal'));
      expect(after.length).toBeGreaterThan(bytes.length);
      expect(after.subarray(0, bytes.length)).toEqual(bytes);
      const reopened = LocalEventStore.journaled(dir);
      try {
        const { events } = await reopened.readAll(0, 100_000);
        const caseEvents = events.filter((event) => !isAccessStream(event.streamId));
        expect(caseEvents.map((e) => [e.streamId, e.version, e.eventId])).toEqual(
          history.map((e) => [cases.dana, e.version, e.eventId]),
        );
        const access = events.filter((event) => isAccessStream(event.streamId));
        expect(access).toHaveLength(1);
        expect(access[0]).toMatchObject({
          type: 'CaseRecordsAccessed',
          actor: { id: expect.stringMatching(/^cli:.+/), role: 'system' },
          data: { route: 'CLI replay --case', outcome: 'granted', cases: [{ caseId: cases.dana }] },
        });
      } finally {
        await reopened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
