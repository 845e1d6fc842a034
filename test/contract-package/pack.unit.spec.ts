/**
 * The contract as another team gets it: `npm pack` of libs/contracts, installed into an empty
 * project from the tarball alone, then used by plain node there. In the unit project because it
 * needs no Kafka nor MongoDB (the int and e2e projects start them); it needs the npm cache to
 * hold ajv and ajv-formats, which `npm ci` of this repository puts there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_EVENTS, sampleMessage } from '../../libs/contracts/src/testing/sample-messages';

const CONTRACTS = join(__dirname, '../../libs/contracts');
const run = (command: string, args: string[], cwd: string): string =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Run in the consumer project, with nothing of this repository on its module path. */
const CONSUMER_SCRIPT = String.raw`
const { readFileSync, existsSync } = require('node:fs');
const contracts = require('@casetrail/contracts');
const { messages, opened, broken } = JSON.parse(readFileSync('messages.json', 'utf8'));

// Every $ref of every shipped schema, resolved against its $id, must land in a file of the package.
const pointerIn = (value, pointer) => pointer.split('/').slice(1).every((raw) => {
  const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, token)) return false;
  value = value[token];
  return true;
});
const refs = (node) => typeof node !== 'object' || node === null ? []
  : [...(typeof node.$ref === 'string' ? [node.$ref] : []), ...Object.values(node).flatMap(refs)];
const unresolved = [];
const files = contracts.schemaFiles();
for (const { id, path, schema } of files) {
  if (contracts.schemaPathForId(id) !== path) unresolved.push({ id, path, problem: 'id does not name its file' });
  for (const ref of refs(schema)) {
    const target = new URL(ref, id);
    const file = contracts.schemaPathForId(target.href);
    const found = file && existsSync(file) && pointerIn(JSON.parse(readFileSync(file, 'utf8')), decodeURIComponent(target.hash.slice(1)));
    if (!found) unresolved.push({ id, ref });
  }
}
console.log(JSON.stringify({
  schemaCount: files.length,
  unresolved,
  valid: messages.map((message) => contracts.validate(message)),
  opened: opened.map(({ message, pii }) => contracts.validateOpenedPii(message, pii)),
  broken: broken.map((message) => contracts.validate(message)),
}));
`;

describe('the packed contract', () => {
  let work: string;
  let consumer: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'casetrail-contracts-'));
    // prepack compiles the entry into dist/, postpack removes it: the worktree stays as it was.
    const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], CONTRACTS)) as {
      filename: string;
      files: { path: string }[];
    }[];
    consumer = join(work, 'consumer');
    run('mkdir', ['-p', consumer], work);
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
    );
    try {
      run(
        'npm',
        [
          'install',
          '--prefer-offline',
          '--no-audit',
          '--no-fund',
          '--ignore-scripts',
          join(work, packed[0]!.filename),
        ],
        consumer,
      );
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(
        `could not install the packed contract offline (its dependencies ajv and ajv-formats must be in the npm cache: run npm ci first):\n${stderr}`,
      );
    }
  }, 120_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('ships the schemas, the AsyncAPI document, README, CHANGELOG and the built entry, and no sources', () => {
    const root = join(consumer, 'node_modules/@casetrail/contracts');
    for (const file of [
      'dist/index.js',
      'dist/index.d.ts',
      'asyncapi.yaml',
      'README.md',
      'CHANGELOG.md',
      'schemas/envelope.v1.schema.json',
      'schemas/sensitivity.json',
      'schemas/partner-feed-message.json',
    ]) {
      expect({ file, shipped: existsSync(join(root, file)) }).toEqual({ file, shipped: true });
    }
    expect(readdirSync(join(root, 'schemas/events'))).toEqual(readdirSync(join(CONTRACTS, 'schemas/events')));
    expect(existsSync(join(root, 'src'))).toBe(false);
    expect(existsSync(join(root, 'entry'))).toBe(false);
    expect(existsSync(join(CONTRACTS, 'dist'))).toBe(false);
  });

  it('resolves every $ref offline from its files, validates sample messages and refuses broken ones', () => {
    const messages = Object.values(SAMPLE_EVENTS).map((event, index) => sampleMessage(event, index + 1));
    const contact = sampleMessage(SAMPLE_EVENTS.ContactRecorded, 3);
    const broken = [
      // Any agency code is a contact type now; one not shaped like a code is not.
      { ...contact, data: { ...(contact.data as Record<string, unknown>), contactType: 'Telepathy, daily' } },
      { ...contact, occurredAt: 'next tuesday' },
      { ...contact, pii: { summary: 'Visited the client at her flat.' } },
      { ...contact, schemaVersion: 99 },
    ];
    const opened = Object.values(SAMPLE_EVENTS).map((event, index) => ({
      message: messages[index],
      pii: event.pii,
    }));
    writeFileSync(join(consumer, 'messages.json'), JSON.stringify({ messages, opened, broken }));
    writeFileSync(join(consumer, 'check.js'), CONSUMER_SCRIPT);
    const result = JSON.parse(run('node', ['check.js'], consumer)) as {
      schemaCount: number;
      unresolved: unknown[];
      valid: { valid: boolean }[];
      opened: { valid: boolean }[];
      broken: { valid: boolean; errors?: string[] }[];
    };

    expect(result.schemaCount).toBeGreaterThan(20);
    expect(result.unresolved).toEqual([]);
    expect(result.valid).toEqual(messages.map(() => ({ valid: true })));
    expect(result.opened).toEqual(messages.map(() => ({ valid: true })));
    expect(result.broken.map(({ valid }) => valid)).toEqual([false, false, false, false]);
    expect(result.broken[0]!.errors!.join('\n')).toContain('/data/contactType');
    expect(result.broken[1]!.errors!.join('\n')).toContain('/occurredAt');
    expect(result.broken[2]!.errors!.join('\n')).toContain('/pii');
    expect(result.broken[3]!.errors!.join('\n')).toContain('no schema for ContactRecorded v99');
  });
});
