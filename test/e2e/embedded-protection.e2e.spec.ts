import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, type CasetrailConfig } from '@casetrail/platform';
import { startApi } from '../support/apps';
import { CASE_API_MAIN } from '../support/build';
import { ensureCliBuilt, runCli } from '../support/cli';
import { api, eventually } from '../support/http';
import { freePort, ProcessSupervisor, waitForHttp } from '../support/processes';
import { signDevToken, loadOrCreateDevIssuerKey } from '@casetrail/identity';

const GIVEN = 'Thaddeusina';
const FAMILY = 'Oberwaldt';
const PHRASE = 'periwinkle accordion lighthouse';
const SECRETS = [GIVEN, FAMILY, PHRASE];

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

/** Every byte the app wrote to its data dir, searched as text in the encodings a leak could take. */
const leaksIn = (dir: string): string[] =>
  filesUnder(dir).flatMap((file) => {
    const bytes = readFileSync(file);
    const text = [bytes.toString('latin1'), bytes.toString('utf8'), bytes.toString('utf16le')]
      .join('\n')
      .toLowerCase();
    return SECRETS.filter((s) => text.includes(s.toLowerCase())).map((s) => `${file}: ${s}`);
  });

const embeddedEnv = (dataDir: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  CASETRAIL_DATA_DIR: dataDir,
  PUBLISHER_IDLE_MS: '20',
  RATE_LIMIT_PER_MINUTE: '0',
});

const tokenSource = (
  config: CasetrailConfig,
  persona: { sub: string; roles: string[]; teams?: string[] },
) => ({
  token: async () => {
    const { key } = await loadOrCreateDevIssuerKey(config.identity.devIssuerKeyFile);
    return signDevToken(key, {
      sub: persona.sub,
      roles: persona.roles as never,
      teams: persona.teams ?? [],
      programs: [],
      audience: config.identity.audience,
    });
  },
});

/**
 * Embedded mode, as `npm start` runs it: the master key is made in the data dir on first start and
 * said so first; client data is sealed in the journal; `verify` proves the chain and names an edited
 * event; a lost master key stops start-up; a rotated one opens everything the old one did.
 */
describe('client data protection in embedded mode', () => {
  const supervisor = new ProcessSupervisor('ct-embedded-protection');
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-embedded-protection-'));
  const config = loadConfig(embeddedEnv(dataDir));
  let caseId = '';

  beforeAll(() => ensureCliBuilt());
  afterAll(() => supervisor.close());

  it('makes a master key on first start, says so in its first line, and seals client data in every file', async () => {
    const port = await freePort();
    const app = supervisor.start('case-api', CASE_API_MAIN, { ...embeddedEnv(dataDir), PORT: String(port) });
    await waitForHttp(app, `http://127.0.0.1:${port}/docs/json`);
    const firstLine = readFileSync(app.logFile, 'utf8').split('\n')[0] ?? '';
    expect(firstLine).toMatch(/master key/i);
    expect(firstLine).toContain(join(dataDir, 'master.key'));
    expect(existsSync(join(dataDir, 'master.key'))).toBe(true);

    const url = `http://127.0.0.1:${port}`;
    const worker = api(url, tokenSource(config, { sub: 'cm-emb', roles: ['case_manager'] }));
    const engaged = await worker.post('/cases', {
      programId: 'prog-emb',
      caseManagerId: 'cm-emb',
      referralSource: 'self',
      consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
      client: { givenName: GIVEN, familyName: FAMILY, dateOfBirth: '1955-01-31' },
      presentingConcerns: 'Lost her tenancy',
    });
    expect(engaged.status).toBe(201);
    caseId = engaged.body.caseId;
    const contact = await worker.post(`/cases/${caseId}/contacts`, {
      contactType: 'phone_call',
      participants: [{ kind: 'client' }],
      summary: `Agreed the code words ${PHRASE}.`,
      happenedAt: new Date().toISOString(),
    });
    expect(contact.status).toBe(201);
    await eventually(async () => {
      const timeline = await worker.get(`/cases/${caseId}/timeline`);
      expect(JSON.stringify(timeline.body)).toContain(PHRASE);
    });
    const state = await worker.get(`/cases/${caseId}`);
    expect(state.body.client).toMatchObject({ givenName: GIVEN, familyName: FAMILY });
    // A clean stop, as an operator's would: the journal's lock is released.
    process.kill(app.pid, 'SIGTERM');
    await app.exited;

    expect(leaksIn(dataDir)).toEqual([]);
  }, 90_000);

  it('verifies the journal, and names the event an attacker edited even with its checksum redone', async () => {
    const env = embeddedEnv(dataDir);
    const clean = await runCli(['verify'], env);
    expect({ code: clean.code, out: clean.stdout }).toEqual({ code: 0, out: expect.stringMatching(/ok/i) });

    const journal = join(dataDir, 'events.journal');
    const original = readFileSync(journal, 'utf8');
    const lines = original.split('\n');
    const at = lines.findIndex((line) => line.includes('"ContactRecorded"'));
    expect(at).toBeGreaterThan(0);
    const json = (lines[at] ?? '').slice((lines[at] ?? '').indexOf(' ') + 1);
    const edited = json.replace('"phone_call"', '"home_visit"');
    expect(edited).not.toBe(json);
    const { crc32 } = await import('node:zlib');
    lines[at] = `${crc32(edited).toString(16).padStart(8, '0')} ${edited}`;
    writeFileSync(journal, lines.join('\n'));
    try {
      const broken = await runCli(['verify'], env);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain(caseId);
      expect(broken.stdout).toMatch(/version 2|@2/);
    } finally {
      writeFileSync(journal, original);
    }
  }, 60_000);

  it('re-wraps every key under a new master key, and then only the new key opens the data', async () => {
    const env = embeddedEnv(dataDir);
    const before = readFileSync(join(dataDir, 'master.key'));
    const newKeyFile = join(mkdtempSync(join(tmpdir(), 'ct-new-master-')), 'next.key');
    writeFileSync(newKeyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
    const rotated = await runCli(['rotate-master-key', '--new-key-file', newKeyFile], env);
    expect({ code: rotated.code, err: rotated.stderr }).toEqual({ code: 0, err: expect.any(String) });
    expect(readFileSync(join(dataDir, 'master.key')).equals(before)).toBe(false);
    expect(rotated.stdout + rotated.stderr).not.toContain(readFileSync(newKeyFile, 'utf8').trim());

    const started = await startApi(loadConfig(env));
    try {
      const reader = api(started.url, tokenSource(config, { sub: 'cm-emb', roles: ['case_manager'] }));
      const state = await reader.get(`/cases/${caseId}`);
      expect(state.body.client).toMatchObject({ givenName: GIVEN, familyName: FAMILY });
    } finally {
      await started.app.close();
    }
    expect((await runCli(['verify'], env)).code).toBe(0);
  }, 60_000);

  it('refuses to start when the master key is lost, rather than making a fresh one', async () => {
    unlinkSync(join(dataDir, 'master.key'));
    await expect(startApi(loadConfig(embeddedEnv(dataDir)))).rejects.toThrow(/master key/i);
    expect(existsSync(join(dataDir, 'master.key'))).toBe(false);
  }, 30_000);
});
