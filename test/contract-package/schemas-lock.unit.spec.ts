/**
 * The CI check that a published schema never changes under the same package version:
 * `libs/contracts/schemas.lock.json` holds the sha256 of every schema file and the version they
 * belong to. A schema edited (or generated anew) without `npm run contracts:lock` fails here, and
 * that script refuses to lock changed schemas without a version bump and a CHANGELOG section.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const CONTRACTS = join(__dirname, '../../libs/contracts');

interface Lock {
  package: string;
  version: string;
  schemas: Record<string, string>;
}

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/** The same rule as the script: every JSON file under schemas/, the examples aside. */
const currentHashes = (contracts: string): Record<string, string> => {
  const schemas = join(contracts, 'schemas');
  return Object.fromEntries(
    walk(schemas)
      .map((path) => relative(schemas, path).split('\\').join('/'))
      .filter((file) => file.endsWith('.json') && !file.startsWith('examples/'))
      .sort()
      .map((file) => [
        file,
        createHash('sha256')
          .update(readFileSync(join(schemas, file)))
          .digest('hex'),
      ]),
  );
};

describe('the schemas lock', () => {
  const lock = readJson<Lock>(join(CONTRACTS, 'schemas.lock.json'));
  const pkg = readJson<{ name: string; version: string }>(join(CONTRACTS, 'package.json'));

  it('is for this package at its current version', () => {
    expect({ package: lock.package, version: lock.version }).toEqual({
      package: pkg.name,
      version: pkg.version,
    });
  });

  it('holds the hash of every published schema file as committed (else: bump the version, add a CHANGELOG section, npm run contracts:lock)', () => {
    const current = currentHashes(CONTRACTS);
    const changed = [...new Set([...Object.keys(lock.schemas), ...Object.keys(current)])].filter(
      (file) => lock.schemas[file] !== current[file],
    );
    expect(changed).toEqual([]);
    expect(Object.keys(current).length).toBeGreaterThan(20);
  });

  it('has a CHANGELOG.md section for the current version', () => {
    expect(readFileSync(join(CONTRACTS, 'CHANGELOG.md'), 'utf8')).toMatch(
      new RegExp(`^## \\[${pkg.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'),
    );
  });

  describe('npm run contracts:lock, on a copy of the package', () => {
    let copy: string;
    const lockScript = () => {
      try {
        return {
          ok: true,
          output: execFileSync('node', [join(copy, 'scripts/lock-schemas.mjs')], {
            encoding: 'utf8',
            stdio: 'pipe',
          }),
        };
      } catch (error) {
        return { ok: false, output: String((error as { stderr?: string }).stderr) };
      }
    };
    const edit = (file: string, change: (text: string) => string) =>
      writeFileSync(join(copy, file), change(readFileSync(join(copy, file), 'utf8')));

    beforeEach(() => {
      copy = mkdtempSync(join(tmpdir(), 'casetrail-lock-'));
      for (const part of [
        'package.json',
        'CHANGELOG.md',
        'schemas.lock.json',
        'schemas',
        'scripts/lock-schemas.mjs',
      ]) {
        cpSync(join(CONTRACTS, part), join(copy, part), { recursive: true });
      }
    });
    afterEach(() => rmSync(copy, { recursive: true, force: true }));

    it('rewrites an unchanged lock as it was', () => {
      expect(lockScript().ok).toBe(true);
      expect(readFileSync(join(copy, 'schemas.lock.json'), 'utf8')).toBe(
        readFileSync(join(CONTRACTS, 'schemas.lock.json'), 'utf8'),
      );
    });

    it('refuses a changed schema under the same version, then without a CHANGELOG section, then locks it', () => {
      edit('schemas/events/ContactRecorded.v1.schema.json', (text) =>
        text.replace('"description": "', '"description": "Changed. '),
      );
      const sameVersion = lockScript();
      expect(sameVersion).toEqual({
        ok: false,
        output: expect.stringContaining('events/ContactRecorded.v1.schema.json'),
      });

      edit('package.json', (text) => text.replace(`"version": "${pkg.version}"`, '"version": "99.0.0"'));
      expect(lockScript()).toEqual({
        ok: false,
        output: expect.stringContaining('no "## [99.0.0]" section'),
      });

      edit('CHANGELOG.md', (text) =>
        text.replace('## [Unreleased]', '## [Unreleased]\n\n## [99.0.0] - 2099-01-01'),
      );
      expect(lockScript().ok).toBe(true);
      const relocked = readJson<Lock>(join(copy, 'schemas.lock.json'));
      expect(relocked.version).toBe('99.0.0');
      expect(relocked.schemas).toEqual(currentHashes(copy));
      expect(relocked.schemas['events/ContactRecorded.v1.schema.json']).not.toBe(
        lock.schemas['events/ContactRecorded.v1.schema.json'],
      );
    });
  });
});
