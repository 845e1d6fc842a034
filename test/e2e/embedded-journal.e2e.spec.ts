import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApi } from '../support/apps';
import { CASE_API_MAIN } from '../support/build';
import { ensureCliBuilt, runCli } from '../support/cli';
import { api, eventually } from '../support/http';
import { freePort } from '../support/processes';
import { startEmbeddedApi } from '../../apps/case-api/src/testing/api-harness';
import { engagement, personas } from '../../apps/case-api/src/testing/given';

/** `npm start` in embedded mode on a data dir: how it exits, and what it said. */
const startEmbeddedProcess = async (dataDir: string) => {
  const child = spawn(process.execPath, [CASE_API_MAIN], {
    env: {
      PATH: process.env.PATH,
      CASETRAIL_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return { code, output };
};

/**
 * A journal damaged in the middle (a disk, a copy, an editor: not a crash, which only tears the
 * last line) stops the app from starting, with where and how to repair; the repair moves the
 * line aside and the app starts on every intact commit.
 */
describe('a damaged embedded journal', () => {
  beforeAll(() => ensureCliBuilt(), 180_000);

  it('refuses start-up naming the offset and the repair command; after the repair the app serves every intact case', async () => {
    const first = await startEmbeddedApi();
    const intake = first.as(personas.intake);
    const cases: string[] = [];
    for (const familyName of ['Moss', 'Reyes', 'Tanaka']) {
      const created = await intake.post(
        '/cases',
        engagement({ client: { givenName: 'Ada', familyName, dateOfBirth: '1970-05-01' } }),
      );
      expect(created.status).toBe(201);
      cases.push(created.body.caseId as string);
    }
    const { dataDir } = first.config;
    await first.app.close();

    const file = join(dataDir, 'events.journal');
    const lines = readFileSync(file, 'utf8').split('\n');
    const damaged = lines.findIndex((line) => line.includes(cases[1]!) && line.includes('ClientEngaged'));
    expect(damaged).toBeGreaterThan(0);
    expect(damaged).toBeLessThan(lines.length - 2);
    // The client's name is sealed; damage a byte of what is not (the line's checksum then fails).
    lines[damaged] = lines[damaged]!.replace('"ClientEngaged"', '"ClientEngagee"');
    writeFileSync(file, lines.join('\n'));
    const offset = lines.slice(0, damaged).reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
    const before = readFileSync(file);

    const refused = await startEmbeddedProcess(dataDir);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain(
      `Journal ${file} is damaged at byte offset ${offset} (line ${damaged + 1})`,
    );
    expect(refused.output).toContain(`npm run casetrail -- journal repair --data-dir ${dataDir}`);
    // Nothing was cut, and no client data reached the output.
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(refused.output).not.toMatch(/Reye[sz]|Moss|Tanaka/);

    const repair = await runCli(['journal', 'repair', '--data-dir', dataDir], { PATH: process.env.PATH });
    expect({ code: repair.code, stderr: repair.stderr }).toEqual({ code: 0, stderr: '' });
    expect(repair.stdout).toContain(`Moved 1 damaged line(s) of ${file}`);
    expect(repair.stdout).toContain(`line ${damaged + 1}, byte offset ${offset}`);
    expect(repair.stdout).not.toMatch(/Reye[sz]|Moss|Tanaka/);

    const second = await startApi(first.config);
    try {
      const reader = api(second.url, { token: () => first.tokenFor(personas.caseManager) });
      // The read models are rebuilt from the journal at boot.
      await eventually(async () => expect((await reader.get(`/cases/${cases[2]}`)).status).toBe(200));
      expect((await reader.get(`/cases/${cases[0]}`)).status).toBe(200);
      expect((await reader.get(`/cases/${cases[1]}`)).status).toBe(404);
      const intake = api(second.url, { token: () => first.tokenFor(personas.intake) });
      const again = await intake.post('/cases', engagement());
      expect(again.status).toBe(201);
    } finally {
      await second.app.close();
    }
  }, 120_000);
});
