import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalEventStore, type StoredEvent } from '@casetrail/event-store';
import { loadConfig } from '@casetrail/platform';
import { startApi } from '../support/apps';
import { ensureCliBuilt, runCli } from '../support/cli';
import { api, eventually, type TokenSource } from '../support/http';

/**
 * `npm start` with no KAFKA_BROKERS / MONGODB_URI: one process, a journal on disk, nothing external.
 * Nor an identity provider: with no OIDC_ISSUER the app trusts only the development issuer of its
 * data dir, and tokens come from `casetrail token`, as README shows, while the app runs.
 */
describe('embedded mode', () => {
  const engagement = {
    programId: 'family-support',
    caseManagerId: 'cm-embedded',
    referralSource: 'school',
    consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
    client: { givenName: 'Mina', familyName: 'Okafor', dateOfBirth: '1990-11-30' },
    presentingConcerns: 'Rent arrears; risk of eviction',
  };

  beforeAll(() => ensureCliBuilt(), 180_000);

  /** `casetrail token ...` for the data dir: the token is the last line of its output. */
  const devToken = async (dataDir: string, args: readonly string[]): Promise<TokenSource> => {
    const run = await runCli(['token', ...args], { PATH: process.env.PATH, CASETRAIL_DATA_DIR: dataDir });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const token = run.stdout.trim().split('\n').at(-1)!;
    return { token: () => Promise.resolve(token) };
  };

  /** Every event in the journal, in position order; only while no app holds it. */
  const journal = async (dataDir: string): Promise<readonly StoredEvent[]> => {
    const store = LocalEventStore.journaled(dataDir);
    try {
      return (await store.readAll(0, 100_000)).events;
    } finally {
      await store.close();
    }
  };
  const positions = (events: readonly StoredEvent[]) => events.map((event) => event.position);
  const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('serves the slice and keeps its cases across a restart, rebuilding read models from the journal', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'casetrail-embedded-'));
    // The slice engages one person in case after case; duplicate checking has specs of its own.
    const config = loadConfig({
      CASETRAIL_DATA_DIR: dataDir,
      PUBLISHER_IDLE_MS: '20',
      INTAKE_DUPLICATE_CHECK: 'false',
    });
    expect(config.mode).toBe('embedded');
    expect(config.identity.issuer).toBeNull();

    const first = await startApi(config);
    // Minted while the app runs; the case manager opens the case onto his own caseload.
    const caseManager = await devToken(dataDir, ['--sub', 'cm-embedded', '--role', 'case_manager']);
    const created = await api(first.url, caseManager).post('/cases', engagement);
    expect(created.status).toBe(201);
    await eventually(async () =>
      expect((await api(first.url, caseManager).get('/caseloads/cm-embedded')).body.total).toBe(1),
    );
    await first.app.close();
    // The engagement, then the access log's record of each caseload read, all in the one journal.
    const atRestart = await journal(dataDir);
    expect(positions(atRestart)).toEqual(upTo(atRestart.length));
    expect(atRestart[0]).toMatchObject({ type: 'ClientEngaged', streamId: created.body.caseId, position: 1 });
    expect(atRestart.length).toBeGreaterThan(1);
    for (const entry of atRestart.slice(1))
      expect(entry).toMatchObject({ type: 'CaseRecordsAccessed', actor: { id: 'cm-embedded' } });

    const second = await startApi(config);
    let secondOpen = true;
    try {
      // The token minted before the restart still works: the issuer's key lives in the data dir.
      const caseload = await eventually(async () => {
        const response = await api(second.url, caseManager).get('/caseloads/cm-embedded');
        expect(response.body.total).toBe(1);
        return response.body;
      });
      expect(caseload.cases[0]).toMatchObject({
        caseId: created.body.caseId,
        clientName: 'Mina Okafor',
        version: 1,
      });
      const state = await api(second.url, caseManager).get(`/cases/${created.body.caseId}`);
      expect(state.status).toBe(200);
      expect(state.body).toMatchObject({
        caseId: created.body.caseId,
        version: 1,
        state: { status: 'open' },
      });
      // An intake worker of the program opens the next case, for another case manager.
      const intake = await devToken(dataDir, [
        '--sub',
        'intake-embedded',
        '--role',
        'intake_worker',
        '--program',
        'family-support',
      ]);
      const next = await api(second.url, intake).post('/cases', { ...engagement, caseManagerId: 'cm-other' });
      expect(next.status).toBe(201);
      await second.app.close();
      secondOpen = false;

      // The journal keeps numbering where it left off: everything from before the restart stays
      // as it was, and what came after (more access entries, the new engagement) follows it
      // without a gap, never from 1 again.
      const all = await journal(dataDir);
      expect(positions(all)).toEqual(upTo(all.length));
      expect(all.slice(0, atRestart.length).map((e) => e.eventId)).toEqual(atRestart.map((e) => e.eventId));
      const [engaged] = next.body.events;
      expect(engaged.position).toBeGreaterThan(atRestart.length);
      expect(all[engaged.position - 1]).toMatchObject({
        eventId: engaged.eventId,
        type: 'ClientEngaged',
        streamId: next.body.caseId,
        actor: { id: 'intake-embedded', role: 'intake_worker' },
      });
      for (const entry of all.slice(atRestart.length).filter((e) => e.eventId !== engaged.eventId))
        expect(entry).toMatchObject({ type: 'CaseRecordsAccessed', actor: { id: 'cm-embedded' } });
    } finally {
      if (secondOpen) await second.app.close();
    }
  });
});
