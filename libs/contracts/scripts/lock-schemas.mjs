// `npm run contracts:lock`: rewrites libs/contracts/schemas.lock.json, the sha256 of every published
// schema file and the package version they were published in. It refuses to record changed schemas
// under the version already locked, or without a CHANGELOG.md section for the version: a consumer
// pins a version, so a schema that changes must come with a new one and a note saying what changed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTRACTS = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCHEMAS = join(CONTRACTS, 'schemas');
const LOCK = join(CONTRACTS, 'schemas.lock.json');

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );

/** The examples illustrate and may be regenerated; every other JSON file under schemas/ is contract. */
const hashes = () =>
  Object.fromEntries(
    walk(SCHEMAS)
      .map((path) => relative(SCHEMAS, path).split('\\').join('/'))
      .filter((file) => file.endsWith('.json') && !file.startsWith('examples/'))
      .sort()
      .map((file) => [
        file,
        createHash('sha256')
          .update(readFileSync(join(SCHEMAS, file)))
          .digest('hex'),
      ]),
  );

const semver = (version) => {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!match) throw new Error(`not a plain semver version: ${version}`);
  return match.slice(1).map(Number);
};
const newer = (a, b) => {
  const [x, y] = [semver(a), semver(b)];
  const i = x.findIndex((part, index) => part !== y[index]);
  return i >= 0 && x[i] > y[i];
};

const { version } = JSON.parse(readFileSync(join(CONTRACTS, 'package.json'), 'utf8'));
const changelog = readFileSync(join(CONTRACTS, 'CHANGELOG.md'), 'utf8');
const schemas = hashes();
let previous;
try {
  previous = JSON.parse(readFileSync(LOCK, 'utf8'));
} catch {
  previous = undefined;
}
const fail = (message) => {
  console.error(`contracts:lock: ${message}`);
  process.exit(1);
};
if (previous && JSON.stringify(previous.schemas) !== JSON.stringify(schemas)) {
  const changed = [...new Set([...Object.keys(previous.schemas), ...Object.keys(schemas)])].filter(
    (file) => previous.schemas[file] !== schemas[file],
  );
  if (!newer(version, previous.version)) {
    fail(
      `schemas changed (${changed.join(', ')}) but libs/contracts/package.json is still at ${version} ` +
        `(locked: ${previous.version}): bump it (a new field or event type: minor; a breaking change: major).`,
    );
  }
}
if (!changelog.includes(`## [${version}]`)) fail(`CHANGELOG.md has no "## [${version}]" section.`);
writeFileSync(LOCK, `${JSON.stringify({ package: '@casetrail/contracts', version, schemas }, null, 2)}\n`);
console.log(`contracts:lock: ${Object.keys(schemas).length} schema files locked at ${version}`);
