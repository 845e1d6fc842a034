import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { isolatedExternalConfig, startApi, startProjector } from '../support/apps';
import { ROOT } from '../support/build';
import { tokenFor, type Persona } from '../support/identity';

/**
 * schemathesis over the whole OpenAPI document against the real app in external mode (Kafka,
 * the database, the projector, tokens from the test OpenID Provider): every check, every phase
 * (examples, coverage, fuzzing, stateful over the document's links), a bounded example count.
 */
const MAX_EXAMPLES = process.env.SCHEMATHESIS_MAX_EXAMPLES ?? '30';
const SEED = process.env.SCHEMATHESIS_SEED ?? '20261202';

/** Each check's outcomes over the whole run, from the run's event stream (its summary lists none). */
const checksOf = async (ndjson: string): Promise<Map<string, Record<string, number>>> => {
  const tally = new Map<string, Record<string, number>>();
  for await (const line of createInterface({ input: createReadStream(ndjson) })) {
    if (!line.startsWith('{"ScenarioFinished"')) continue;
    const finished = (
      JSON.parse(line) as { ScenarioFinished: { recorder: { checks?: Record<string, unknown> } | null } }
    ).ScenarioFinished;
    // A scenario skipped before any request has no recorder.
    for (const results of Object.values(finished.recorder?.checks ?? {}))
      for (const { name, status } of results as { name: string; status: string }[]) {
        const counts = tally.get(name) ?? {};
        counts[status] = (counts[status] ?? 0) + 1;
        tally.set(name, counts);
      }
  }
  return tally;
};

const checksTable = (tally: Map<string, Record<string, number>>): string =>
  [
    'Checks (results over every test case):',
    ...[...tally]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([name, counts]) =>
          `  ${name.padEnd(32)} ${Object.entries(counts)
            .map(([status, n]) => `${n} ${status}`)
            .join(', ')}`,
      ),
  ].join('\n');

/** May do everything the document offers, within the team and program its examples name. */
const FUZZER: Persona = {
  id: 'schemathesis',
  roles: ['supervisor', 'case_manager', 'auditor', 'analyst', 'administrator'],
  teams: ['team-north'],
  programs: ['housing'],
};

/** The IdP on a loaded machine may drop one connection; a token is worth three tries. */
const tokenWithRetries = async (persona: Persona): Promise<string> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await tokenFor(persona);
    } catch (error) {
      if (attempt === 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
};

describe('the HTTP contract under schemathesis', () => {
  let caseApi: { app: INestApplication; url: string };
  let projector: INestApplicationContext;

  beforeAll(async () => {
    const config = isolatedExternalConfig({ MONGODB_DATABASE: `ct_schemathesis_${Date.now().toString(36)}` });
    caseApi = await startApi(config);
    projector = await startProjector(config);
  }, 60_000);

  afterAll(async () => {
    await projector?.close();
    await caseApi?.app.close();
  }, 30_000);

  // The unit specs show it embedded; here the event store is the database's.
  it('answers a reused Idempotency-Key with another body 422, and the same body as a replay, in external mode', async () => {
    const headers = {
      authorization: `Bearer ${await tokenWithRetries(FUZZER)}`,
      'content-type': 'application/json',
      'idempotency-key': `external-${Date.now()}`,
    };
    const body = {
      programId: 'housing',
      teamId: 'team-north',
      referralSource: 'self',
      consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
      client: { givenName: 'Ada', familyName: 'Moss', dateOfBirth: '1970-05-01' },
      presentingConcerns: 'Homeless after discharge',
    };
    const post = (sent: unknown) =>
      fetch(`${caseApi.url}/cases`, { method: 'POST', headers, body: JSON.stringify(sent) });
    const first = await post(body);
    expect(first.status).toBe(201);
    const other = await post({ ...body, presentingConcerns: 'Another request' });
    expect([other.status, ((await other.json()) as { code: string }).code]).toEqual([
      422,
      'IDEMPOTENCY_KEY_REUSED',
    ]);
    const again = await post(body);
    expect([again.status, again.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
  }, 30_000);

  it('finds no failure in any operation, check or phase', async () => {
    const install = spawnSync('bash', [join(ROOT, 'infra', 'schemathesis', 'install.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (install.status !== 0) throw new Error('infra/schemathesis/install.sh failed');
    const executable = install.stdout.trim();
    // SCHEMATHESIS_REPORT_DIR keeps the run's reports (JUnit and every request as HAR) to look into.
    const reports = process.env.SCHEMATHESIS_REPORT_DIR ?? mkdtempSync(join(tmpdir(), 'ct-schemathesis-'));
    const token = await tokenWithRetries(FUZZER);
    const args = [
      '--config-file',
      join(ROOT, 'infra', 'schemathesis', 'schemathesis.toml'),
      'run',
      `${caseApi.url}/docs/json`,
      '--checks',
      'all',
      '--phases',
      'examples,coverage,fuzzing,stateful',
      '--max-examples',
      MAX_EXAMPLES,
      '--seed',
      SEED,
      '--workers',
      '1',
      '--header',
      `Authorization: Bearer ${token}`,
      '--request-timeout',
      '10',
      '--report',
      process.env.SCHEMATHESIS_REPORT_DIR ? 'junit,har,ndjson' : 'junit,ndjson',
      '--report-har-path',
      join(reports, 'requests.har'),
      '--report-junit-path',
      join(reports, 'junit.xml'),
      '--report-ndjson-path',
      join(reports, 'events.ndjson'),
      '--no-color',
      // Nothing kept between runs (it would land in the clone): each run is its own, from its seed.
      '--generation-database',
      'none',
    ];
    const output: string[] = [];
    const status = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(executable, args, {
        cwd: reports,
        env: { ...process.env, SCHEMATHESIS_TELEMETRY: 'false', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
      child.on('error', reject);
      child.on('exit', resolve);
    });
    const text = output.join('').replaceAll(token, '<token>');
    // The summary (operations, test cases, checks) goes to the run's log, failing or not.
    process.stdout.write(`\n${text}\n`);
    const checks = await checksOf(join(reports, 'events.ndjson'));
    process.stdout.write(`${checksTable(checks)}\n`);
    const junit = readFileSync(join(reports, 'junit.xml'), 'utf8');
    expect({ status, failures: /failures="(\d+)"/.exec(junit)?.[1] }).toEqual({ status: 0, failures: '0' });
    // Every check ran, none failed; the response schemas were checked on every answer that had one.
    expect([...checks].filter(([, counts]) => (counts.failure ?? 0) > 0)).toEqual([]);
    expect(checks.get('response_schema_conformance')?.success ?? 0).toBeGreaterThan(0);
  }, 900_000);
});
