import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { TRACE_CONTEXT_HEADER, type CaseEventMessage } from '@casetrail/contracts';
import { CASE_API_MAIN, PROJECTOR_MAIN, ensureBuilt } from '../support/build';
import { ensureCliBuilt, runCli, type CliRun } from '../support/cli';
import { eventually } from '../support/http';
import { readTopic } from '../support/kafka';
import { bearer, identityEnv, type Persona } from '../support/identity';
import {
  ProcessSupervisor,
  freePort,
  waitForHttp,
  waitForLog,
  type ManagedProcess,
} from '../support/processes';

/**
 * The real processes (case-api and the projector from dist/, external mode, LOG_LEVEL=debug so the
 * most is logged): a client with a name found nowhere else is engaged, read and refused, and no
 * line of either process's output names them; every line is JSON; the command's correlation id is
 * in both processes' logs, so it can be followed from the request to the projection.
 */
const NAME = { givenName: 'Zephyrine', familyName: 'Quillfeather-Okonkwo' };
const PHONE = '+44 7700 913 582';
const ADDRESS = '17 Vellichor Mews, Tollbridge';
const NOTES = 'Sleeps at the Marrowgate underpass since the flood';
const SECRETS = [NAME.givenName, NAME.familyName, PHONE, ADDRESS, 'Vellichor', 'Marrowgate', '1983-11-29'];

const intake: Persona = { id: 'intake-logs', role: 'intake_worker', programs: ['housing-first'] };

describe('logs of the running apps', () => {
  const id = randomUUID().slice(0, 8);
  const supervisor = new ProcessSupervisor('ct-log-redaction');
  /** The deployment's master key: the apps' and the CLI's, so the CLI opens what the apps sealed. */
  const masterKey = randomBytes(32).toString('base64');
  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    NO_COLOR: '1',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    MONGODB_URI: process.env.MONGODB_URI,
    MONGODB_DATABASE: `ct_e2e_logs_${id}`,
    KAFKA_TOPIC: `ct-e2e-logs-${id}`,
    KAFKA_ACCESS_TOPIC: `ct-e2e-logs-access-${id}`,
    PROJECTOR_GROUP: `ct-e2e-logs-projector-${id}`,
    PUBLISHER_IDLE_MS: '50',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    CASETRAIL_MASTER_KEY: masterKey,
    ...identityEnv(),
    ...extra,
  });
  let api: ManagedProcess;
  let projector: ManagedProcess;
  let url: string;
  /** The engaged client's case, for the CLI's turn. */
  let caseId = '';

  beforeAll(async () => {
    ensureBuilt();
    ensureCliBuilt();
    const port = await freePort();
    const shared = env();
    api = supervisor.start('case-api', CASE_API_MAIN, { ...shared, PORT: String(port) });
    url = `http://127.0.0.1:${port}`;
    await waitForHttp(api, `${url}/docs/json`, 60_000);
    projector = supervisor.start('projector', PROJECTOR_MAIN, shared);
    await waitForLog(projector, /Projecting case events/, 90_000);
  }, 180_000);

  afterAll(() => supervisor.close());

  const send = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(await bearer(intake)), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: response.status, headers: response.headers, body: await response.text() };
  };

  const lines = (target: ManagedProcess) =>
    readFileSync(target.logFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '');

  it('names the client in no line, logs JSON only, and carries the correlation id into the projector', async () => {
    const correlationId = `corr-logs-${id}`;
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const engaged = await send(
      'POST',
      '/cases',
      {
        programId: 'housing-first',
        referralSource: 'hospital',
        consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
        client: { ...NAME, dateOfBirth: '1983-11-29', phone: PHONE, address: ADDRESS },
        presentingConcerns: NOTES,
      },
      { 'x-correlation-id': correlationId, traceparent },
    );
    expect(engaged.status).toBe(201);
    expect(engaged.headers.get('x-correlation-id')).toBe(correlationId);
    expect(engaged.headers.get('traceparent')).toMatch(
      /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/,
    );
    caseId = (JSON.parse(engaged.body) as { caseId: string }).caseId;

    // Reads, and refusals with the name in the body: a validation failure and malformed JSON.
    await send('GET', `/cases/${caseId}/timeline`, undefined);
    await send('POST', '/clients/search', { ...NAME, dateOfBirth: '1983-11-29' });
    const invalid = await send('POST', '/cases', {
      client: { ...NAME, dateOfBirth: 'yesterday' },
      notes: NOTES,
    });
    expect(invalid.status).toBe(400);
    const malformed = await send('POST', '/cases', `{"client":{"givenName":"${NAME.givenName}"`);
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-request-id')).toBeTruthy();

    // The projector applied the command's event, and said so with the command's correlation id.
    await eventually(() => {
      expect(lines(projector).some((l) => l.includes(correlationId) && l.includes('ClientEngaged'))).toBe(
        true,
      );
      return Promise.resolve();
    }, 60_000);

    const apiLines = lines(api);
    const projectorLines = lines(projector);
    for (const line of [...apiLines, ...projectorLines]) {
      expect(() => JSON.parse(line) as unknown).not.toThrow();
      for (const secret of SECRETS) expect(line).not.toContain(secret);
    }
    // The request's own line: reqId, correlation id and the continued trace on it.
    const requestLine = apiLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.correlationId === correlationId && l.msg === 'request completed');
    expect(requestLine).toMatchObject({
      reqId: expect.any(String),
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      req: { method: 'POST', path: '/cases' },
      res: { statusCode: 201 },
    });
    expect(projectorLines.some((l) => l.includes(correlationId))).toBe(true);

    // The trace, followed as the correlation id is: the request's span on the stored event, the
    // publisher's child span on the Kafka header, the projector's apply span a child of that.
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const requestSpan = engaged.headers.get('traceparent')!.split('-')[2];
    const [message] = await readTopic(`ct-e2e-logs-${id}`, (messages) => messages.length >= 1);
    const envelope = JSON.parse(message!.value!.toString()) as CaseEventMessage;
    expect(envelope.traceparent).toBe(`00-${traceId}-${requestSpan}-01`);
    const header = message!.headers?.[TRACE_CONTEXT_HEADER]?.toString() ?? '';
    expect(header).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const publishSpan = header.split('-')[2];
    expect(publishSpan).not.toBe(requestSpan);
    const applied = projectorLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'Applied' && l.correlationId === correlationId);
    expect(applied).toMatchObject({
      traceId,
      parentSpanId: publishSpan,
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  }, 120_000);

  it("names the client in none of the CLI's diagnostics, which are JSON lines in --json mode", async () => {
    expect(caseId).not.toBe('');
    // The CLI reads the apps' own environment (their database, topic and keys), not a port.
    const cliEnv = env();
    const commands = {
      rebuild: ['--json', 'rebuild', 'all'],
      replay: ['--json', 'replay', '--case', caseId],
      replayAll: ['--json', 'replay', '--all'],
      pseudonymised: ['--json', 'replay', '--all', '--pseudonymise'],
      verify: ['--json', 'verify'],
      disclosures: ['--json', 'disclosures', '--verify'],
      reindex: ['--json', 'reindex-clients'],
      // A refusal: its error is a JSON line on stderr as well.
      refused: ['--json', 'replay', '--case', caseId, '--as-of', 'yesterday'],
      // Text mode: diagnostics are prose there, and name no client either.
      rebuildText: ['rebuild', 'caseloads'],
    };
    const runs = {} as Record<keyof typeof commands, CliRun>;
    for (const [name, args] of Object.entries(commands) as [keyof typeof commands, string[]][]) {
      const started = Date.now();
      runs[name] = await runCli(args, cliEnv, 60_000);
      console.log(
        `[logs] casetrail ${args.join(' ')}: exit ${String(runs[name].code)} in ${Date.now() - started} ms`,
      );
    }
    const failures = Object.entries(runs)
      .filter(([name, run]) => run.code !== (name === 'refused' ? 2 : 0))
      .map(([name, run]) => `${name}: exit ${run.code}\n${run.stderr}`);
    expect(failures).toEqual([]);

    // Diagnostics there were: a rebuild's progress and a refusal's error, as JSON lines.
    expect(runs.rebuild.stderr).toContain('"msg":"progress"');
    expect(runs.refused.stderr).toContain('"level":"error"');

    // The replays are reads of the record, so their results hold the client: proof the CLI opened it.
    expect(runs.replay.stdout).toContain(NAME.familyName);
    expect(runs.replayAll.stdout).toContain(NAME.familyName);

    for (const [name, run] of Object.entries(runs)) {
      const stderr = run.stderr.split('\n').filter((line) => line !== '');
      if (name !== 'rebuildText')
        for (const line of stderr) expect(() => JSON.parse(line) as unknown).not.toThrow();
      for (const line of stderr)
        for (const secret of SECRETS) expect(`${name}: ${line}`).not.toContain(secret);
    }
    // What is neither a log nor a read of the record holds no client data on stdout either.
    for (const name of [
      'rebuild',
      'pseudonymised',
      'verify',
      'disclosures',
      'reindex',
      'rebuildText',
    ] as const)
      for (const secret of SECRETS) expect(`${name}: ${runs[name].stdout}`).not.toContain(secret);
  }, 600_000);
});
