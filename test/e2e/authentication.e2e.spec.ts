import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadConfig, type CasetrailConfig } from '@casetrail/platform';
import { run } from '../../apps/cli/src/main';
import { isolatedExternalConfig, startApi } from '../support/apps';
import { attackTokens, signToken, type Signer } from '../support/forged-tokens';
import { generateIdpKey, TestIdp } from '../support/idp';
import { CASE_API_MAIN } from '../support/build';
import { ensureCliBuilt, runCli } from '../support/cli';
import { identityEnv } from '../support/identity';
import { freePort, ProcessSupervisor, waitForHttp } from '../support/processes';

const AUDIENCE = 'casetrail-auth-e2e';
const COOLDOWN_SECONDS = 2;

// Opened by an intake worker of the program into the unassigned queue, which they may then read.
const engagement = {
  programId: 'housing-first',
  referralSource: 'hospital',
  consent: { toServices: true, toInformationSharing: false, sharingWith: [] },
  client: { givenName: 'Ada', familyName: 'Moss', dateOfBirth: '1970-05-01' },
  presentingConcerns: 'Homeless after discharge',
};

const call = async (
  url: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
) => {
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
};

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A private OpenID Provider (its own keys, to rotate and count) and an external-mode app trusting it. */
describe('authentication: bearer tokens from a real OpenID Provider', () => {
  let idp: TestIdp;
  let app: INestApplication;
  let url: string;
  let config: CasetrailConfig;
  const extraApps: INestApplication[] = [];
  /** The persona's token, by the client-credentials grant. */
  const personaToken = async (
    id: string,
    roles: string[],
    extra: { teams?: string[]; programs?: string[] } = {},
  ) =>
    idp.clientCredentialsToken(
      await idp.registerClient(id, { roles, teams: extra.teams ?? [], programs: extra.programs ?? [] }),
    );
  const signer = (): Signer => ({ privateJwk: idp.keys[0]! });
  const missingCase = () => `/cases/${randomUUID()}`;

  beforeAll(async () => {
    idp = await TestIdp.start({ audience: AUDIENCE, keys: [await generateIdpKey('rotation-old')] });
    config = isolatedExternalConfig({
      OIDC_ISSUER: idp.issuer,
      OIDC_AUDIENCE: AUDIENCE,
      OIDC_JWKS_COOLDOWN: String(COOLDOWN_SECONDS),
    });
    ({ app, url } = await startApi(config));
  });

  afterAll(async () => {
    await Promise.all([app, ...extraApps].map((a) => a?.close()));
    await idp?.stop();
  });

  it('finds the issuer by discovery and accepts its client-credentials token; the actor is the token subject', async () => {
    const discovery = (await (
      await fetch(`${idp.issuer}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ issuer: idp.issuer, jwks_uri: `${idp.issuer}/jwks` });
    expect(discovery.grant_types_supported).toEqual(expect.arrayContaining(['client_credentials']));

    const token = await personaToken('intake-auth', ['intake_worker'], { programs: ['housing-first'] });
    const missing = await call(url, missingCase(), { headers: bearer(token) });
    expect({ status: missing.status, code: missing.body?.code }).toEqual({
      status: 404,
      code: 'CASE_NOT_FOUND',
    });

    const created = await call(url, '/cases', { method: 'POST', headers: bearer(token), body: engagement });
    expect(created.status).toBe(201);
    const history = await call(url, `/cases/${String(created.body?.caseId)}/events`, {
      headers: bearer(token),
    });
    const events = history.body?.events as { actor: { id: string; role: string } }[];
    expect(events.map((e) => e.actor)).toEqual([{ id: 'intake-auth', role: 'intake_worker' }]);

    // Authenticated, but with no role Casetrail knows: it may not act.
    const roleless = await personaToken('stranger-auth', ['offline_access']);
    const refused = await call(url, '/cases', {
      method: 'POST',
      headers: bearer(roleless),
      body: engagement,
    });
    expect({ status: refused.status, code: refused.body?.code }).toEqual({
      status: 403,
      code: 'ROLE_REQUIRED',
    });
  });

  it('answers 401 without a token, and x-actor headers authenticate no one', async () => {
    const none = await call(url, missingCase());
    expect({ status: none.status, code: none.body?.code }).toEqual({ status: 401, code: 'TOKEN_MISSING' });
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const claimed = await call(url, '/cases', {
      method: 'POST',
      headers: { 'x-actor-id': 'supervisor-2', 'x-actor-role': 'supervisor' },
      body: engagement,
    });
    expect({ status: claimed.status, code: claimed.body?.code }).toEqual({
      status: 401,
      code: 'TOKEN_MISSING',
    });
    const status = await call(url, '/status', { headers: { 'x-actor-id': 'ops' } });
    expect(status.status).toBe(401);
  });

  it('answers 401 with an invalid_token challenge to every token attack', async () => {
    const attacks = await attackTokens(signer(), { issuer: idp.issuer, audience: AUDIENCE, sub: 'cm-auth' });
    // The same forging code makes a token the API accepts: the refusals are the checks, not the forger.
    const genuine = await signToken(signer(), { issuer: idp.issuer, audience: AUDIENCE, sub: 'cm-auth' });
    expect((await call(url, missingCase(), { headers: bearer(genuine) })).status).toBe(404);
    const answers: Record<string, string> = {};
    for (const [name, token] of Object.entries(attacks)) {
      const response = await call(url, missingCase(), { headers: bearer(token) });
      const challenge = response.headers.get('www-authenticate') ?? '';
      answers[name] =
        `${response.status} ${String(response.body?.code)}${challenge.startsWith('Bearer error="invalid_token"') ? '' : ` challenge: ${challenge}`}`;
      expect(JSON.stringify(response.body)).not.toContain(token.split('.')[1]!.slice(0, 40));
    }
    console.log(
      `[auth] token attacks:\n${Object.entries(answers)
        .map(([k, v]) => `  ${k.padEnd(45)} ${v}`)
        .join('\n')}`,
    );
    expect(answers).toEqual({
      expired: '401 TOKEN_EXPIRED',
      'not yet valid (nbf)': '401 TOKEN_NOT_YET_VALID',
      'wrong iss': '401 TOKEN_INVALID',
      'wrong aud': '401 TOKEN_INVALID',
      'no exp': '401 TOKEN_INVALID',
      'alg none': '401 TOKEN_INVALID',
      'HS256 signed with the public key as secret': '401 TOKEN_INVALID',
      'unknown kid': '401 TOKEN_INVALID',
      'tampered payload': '401 TOKEN_INVALID',
      'signed by a key the server never trusted': '401 TOKEN_INVALID',
      'oversized (over 8 KiB)': '401 TOKEN_TOO_LARGE',
      'unknown crit header': '401 TOKEN_INVALID',
      'not an access token (typ JWT)': '401 TOKEN_INVALID',
    });
  });

  it('follows key rotation without a restart, and refetches the key set at most once per cooldown', async () => {
    const before = await personaToken('cm-rotation', ['case_manager']);
    expect((await call(url, missingCase(), { headers: bearer(before) })).status).toBe(404);

    // The issuer starts signing with a new key and still publishes the old one.
    const [old] = idp.keys;
    await idp.restart([await generateIdpKey('rotation-new'), old!]);
    const after = await personaToken('cm-rotation', ['case_manager']);
    expect(JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString()).kid).toBe('rotation-new');
    await sleep(COOLDOWN_SECONDS * 1000 + 200);
    expect((await call(url, missingCase(), { headers: bearer(after) })).status).toBe(404);
    expect((await call(url, missingCase(), { headers: bearer(before) })).status).toBe(404);
    expect((await idp.stats()).jwksFetches).toBe(1);

    // Random kids cannot make the API hammer the issuer: within one cooldown, one refetch at most.
    await sleep(COOLDOWN_SECONDS * 1000 + 200);
    const randomKids = await Promise.all(
      Array.from({ length: 25 }, async (_, i) =>
        signToken(
          { privateJwk: { ...(await generateIdpKey(`random-${i}`, 'ES256')) } },
          { issuer: idp.issuer, audience: AUDIENCE, sub: 'attacker' },
        ),
      ),
    );
    const statuses = [];
    for (const token of randomKids)
      statuses.push((await call(url, missingCase(), { headers: bearer(token) })).status);
    expect(new Set(statuses)).toEqual(new Set([401]));
    const fetches = (await idp.stats()).jwksFetches;
    expect(fetches).toBe(2);
    console.log(`[auth] JWKS fetches at the IdP after rotation and 25 random kids: ${fetches}`);
    // And the new key keeps working.
    expect((await call(url, missingCase(), { headers: bearer(after) })).status).toBe(404);
  });

  it("answers 503, not 401, while the issuer's keys cannot be fetched", async () => {
    const down = await startApi(
      isolatedExternalConfig({
        OIDC_ISSUER: `http://127.0.0.1:${await freePort()}`,
        OIDC_AUDIENCE: AUDIENCE,
      }),
    );
    extraApps.push(down.app);
    const token = await personaToken('cm-down', ['case_manager']);
    const response = await call(down.url, missingCase(), { headers: bearer(token) });
    expect({ status: response.status, code: response.body?.code }).toEqual({
      status: 503,
      code: 'ISSUER_UNAVAILABLE',
    });
  });

  describe('at the edge (an embedded app trusting the same issuer)', () => {
    let edge: { app: INestApplication; url: string };
    beforeAll(async () => {
      edge = await startApi(
        loadConfig({
          CASETRAIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'ct-auth-edge-')),
          OIDC_ISSUER: idp.issuer,
          OIDC_AUDIENCE: AUDIENCE,
          RATE_LIMIT_PER_MINUTE: '3',
          CORS_ORIGINS: 'https://app.agency.example',
        }),
      );
      extraApps.push(edge.app);
    });

    it('limits each principal, after authenticating it, answering 429 with Retry-After', async () => {
      const first = await personaToken('cm-busy', ['case_manager']);
      const second = await personaToken('cm-calm', ['case_manager']);
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await call(edge.url, missingCase(), { headers: bearer(first) })).status);
      expect(statuses).toEqual([404, 404, 404, 429]);
      const limited = await call(edge.url, '/status', { headers: bearer(first) });
      expect({ status: limited.status, code: limited.body?.code }).toEqual({
        status: 429,
        code: 'RATE_LIMITED',
      });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another principal has a budget of its own; no token is still a 401, not a 429.
      expect((await call(edge.url, missingCase(), { headers: bearer(second) })).status).toBe(404);
      expect((await call(edge.url, missingCase())).status).toBe(401);
    });

    it('sets helmet headers and answers CORS only for the configured origin', async () => {
      const preflight = (origin: string) =>
        fetch(`${edge.url}/cases`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization',
          },
        });
      const allowed = await preflight('https://app.agency.example');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.agency.example');
      expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
      const other = await preflight('https://evil.example');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const response = await fetch(`${edge.url}/docs/json`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
      expect(response.headers.get('x-powered-by')).toBeNull();
      // The external app has no CORS_ORIGINS: no CORS answer for anyone.
      const closed = await fetch(`${url}/cases`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.agency.example' },
      });
      expect(closed.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});

describe('the development issuer, end to end in embedded mode', () => {
  let app: INestApplication | undefined;
  afterAll(async () => app?.close());

  it('trusts only the tokens `casetrail token` mints from its data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ct-dev-issuer-e2e-'));
    // No OIDC_ISSUER: the environment the test OpenID Provider exported is left out on purpose.
    const env = { CASETRAIL_DATA_DIR: dataDir, PUBLISHER_IDLE_MS: '20' };
    const started = await startApi(loadConfig(env));
    app = started.app;
    const out: string[] = [];
    const code = await run(
      [
        'token',
        '--sub',
        'intake-dev',
        '--role',
        'intake_worker',
        '--program',
        'housing-first',
        '--ttl',
        '5m',
      ],
      env,
      {
        stdout: { write: (chunk: string) => out.push(chunk) > 0 },
        stderr: { write: () => true },
      },
    );
    expect(code).toBe(0);
    const token = out.join('').trim().split('\n').at(-1)!;
    const created = await call(started.url, '/cases', {
      method: 'POST',
      headers: bearer(token),
      body: engagement,
    });
    expect(created.status).toBe(201);
    const history = await call(started.url, `/cases/${String(created.body?.caseId)}/events`, {
      headers: bearer(token),
    });
    expect((history.body?.events as { actor: unknown }[]).map((e) => e.actor)).toEqual([
      { id: 'intake-dev', role: 'intake_worker' },
    ]);
    // A token from the shared test OpenID Provider means nothing to it.
    const idp = TestIdp.fromEnvironment();
    const foreign = await idp.clientCredentialsToken(
      await idp.registerClient('intake-dev', { roles: ['intake_worker'], teams: [], programs: [] }),
    );
    const refused = await call(started.url, '/cases', {
      method: 'POST',
      headers: bearer(foreign),
      body: engagement,
    });
    expect({ status: refused.status, code: refused.body?.code }).toEqual({
      status: 401,
      code: 'TOKEN_INVALID',
    });
  });
});

describe('the development issuer, as operators run it', () => {
  const supervisor = new ProcessSupervisor('ct-dev-issuer');
  afterAll(() => supervisor.close());

  it('logs first the master key it made, then which issuer it trusts; `casetrail token` mints a token while the server runs', async () => {
    ensureCliBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'ct-dev-issuer-main-'));
    const port = await freePort();
    const env = { PATH: process.env.PATH, NO_COLOR: '1', CASETRAIL_DATA_DIR: dataDir, HOST: '127.0.0.1' };
    const server = supervisor.start('case-api', CASE_API_MAIN, { ...env, PORT: String(port) });
    await waitForHttp(server, `http://127.0.0.1:${port}/docs/json`);
    // A first start makes the master key, and says so before anything else; then whose tokens count.
    const [firstLine = '', secondLine = ''] = readFileSync(server.logFile, 'utf8').split('\n');
    expect(firstLine).toContain(`Made a new master key in ${join(dataDir, 'master.key')}`);
    expect(secondLine).toContain(
      `Trusting only the development issuer urn:casetrail:dev-issuer (key ${join(dataDir, 'dev-issuer.jwk.json')})`,
    );

    // The journal is locked by the server; the CLI reads only the key file.
    const minted = await runCli(
      ['token', '--sub', 'cm-cli', '--role', 'intake_worker', '--program', 'housing-first', '--ttl', '1m'],
      env,
    );
    expect({ code: minted.code, stderr: minted.stderr }).toEqual({
      code: 0,
      stderr: expect.stringContaining('Token for cm-cli'),
    });
    const token = minted.stdout.trim().split('\n').at(-1)!;
    const created = await call(`http://127.0.0.1:${port}`, '/cases', {
      method: 'POST',
      headers: bearer(token),
      body: engagement,
    });
    expect(created.status).toBe(201);

    const refused = await runCli(['token', '--sub', 'cm-cli', '--role', 'intake_worker'], {
      ...env,
      OIDC_ISSUER: 'https://login.agency.example',
      OIDC_AUDIENCE: 'casetrail-api',
    });
    expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 1, stdout: '' });
    expect(refused.stderr).toContain('OIDC_ISSUER is set');
  });

  it('logs the OpenID issuer right after the master key when OIDC_ISSUER is set', async () => {
    const port = await freePort();
    const server = supervisor.start('case-api-oidc', CASE_API_MAIN, {
      PATH: process.env.PATH,
      NO_COLOR: '1',
      CASETRAIL_DATA_DIR: mkdtempSync(join(tmpdir(), 'ct-oidc-main-')),
      HOST: '127.0.0.1',
      PORT: String(port),
      ...identityEnv(),
    });
    await waitForHttp(server, `http://127.0.0.1:${port}/docs/json`);
    const [firstLine = '', secondLine = ''] = readFileSync(server.logFile, 'utf8').split('\n');
    expect(firstLine).toContain('Made a new master key');
    expect(secondLine).toContain(
      `Trusting access tokens from the OpenID issuer ${process.env.OIDC_ISSUER} for audience ${process.env.OIDC_AUDIENCE}`,
    );
  });
});
