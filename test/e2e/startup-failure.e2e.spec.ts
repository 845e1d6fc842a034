import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASE_API_MAIN, PROJECTOR_MAIN, ensureBuilt } from '../support/build';

/**
 * The real entry points from dist/ with a wrong configuration: each exits non-zero at once with
 * one fatal JSON line that names every bad variable, and no stack dump in plain text.
 */
describe('start-up with a wrong configuration', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ct-startup-failure-'));
  beforeAll(() => ensureBuilt(), 600_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const run = (main: string, env: Record<string, string>) =>
    spawnSync(process.execPath, [main], {
      env: { PATH: process.env.PATH, NO_COLOR: '1', CASETRAIL_DATA_DIR: dataDir, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  const jsonLines = (output: string) =>
    output
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('case-api names PUBLISHER_ENABLED and PORT in one fatal JSON line and exits 1', () => {
    const result = run(CASE_API_MAIN, { PUBLISHER_ENABLED: 'maybe', PORT: '99999' });
    expect(result.status).toBe(1);
    const output = `${result.stdout}${result.stderr}`;
    expect(output).toContain('PUBLISHER_ENABLED');
    expect(output).toContain('PORT');
    const lines = jsonLines(output);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'fatal',
      app: 'case-api',
      err: { type: 'ConfigurationError' },
      code: 'CONFIGURATION_INVALID',
    });
    const problems = (lines[0]!.problems as string[]).join('\n');
    expect(problems).toMatch(/PUBLISHER_ENABLED/);
    expect(problems).toMatch(/PORT/);
  }, 90_000);

  it('the projector without Kafka and MongoDB says which variables, as a fatal JSON line', () => {
    const result = run(PROJECTOR_MAIN, {});
    expect(result.status).toBe(1);
    const lines = jsonLines(`${result.stdout}${result.stderr}`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'fatal', app: 'projector', err: { type: 'ConfigurationError' } });
    expect(String(lines[0]!.msg)).toMatch(/KAFKA_BROKERS and MONGODB_URI/);
  }, 90_000);
});
