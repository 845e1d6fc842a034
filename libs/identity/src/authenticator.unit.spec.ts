import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import { attackTokens, signToken, type Signer } from '../../../test/support/forged-tokens';
import { createAuthenticator, createTokenAuthenticator, MAX_TOKEN_BYTES } from './authenticator';
import { DEV_ISSUER, loadOrCreateDevIssuerKey, signDevToken } from './dev-issuer';
import { AuthenticationError } from './errors';
import { loadIdentityConfig } from './identity-config';

const ISSUER = 'https://idp.example';
const AUDIENCE = 'casetrail-api';

const refusal = async (promise: Promise<unknown>): Promise<{ code: string; message: string }> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuthenticationError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('accepted');
};

const target = { issuer: ISSUER, audience: AUDIENCE, sub: 'cm-1' };

describe('the token authenticator (real jose, a local key set)', () => {
  let signer: Signer;
  let authenticate: (header: string | undefined) => Promise<unknown>;
  let attacks: Readonly<Record<string, string>>;
  const config = loadIdentityConfig({ OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: AUDIENCE }, '/unused');

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    signer = { privateJwk: { ...(await exportJWK(privateKey)), kid: 'k1', alg: 'RS256' } };
    const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] });
    const authenticator = createTokenAuthenticator(ISSUER, config, () => Promise.resolve(keys));
    authenticate = (header) => authenticator.authenticate(header);
    attacks = await attackTokens(signer, target);
  });

  it('accepts a good token and maps its claims', async () => {
    const token = await signToken(
      signer,
      { ...target, roles: ['case_manager', 'root'] },
      { claims: { teams: ['t'] } },
    );
    await expect(authenticate(`Bearer ${token}`)).resolves.toEqual({
      id: 'cm-1',
      kind: 'person',
      roles: ['case_manager'],
      teams: ['t'],
      programs: [],
    });
  });

  it('allows the configured clock skew on exp and nbf, and no more', async () => {
    const now = Math.floor(Date.now() / 1000);
    const justExpired = await signToken(signer, target, { claims: { exp: now - 20 } });
    await expect(authenticate(`Bearer ${justExpired}`)).resolves.toMatchObject({ id: 'cm-1' });
    const almostValid = await signToken(signer, target, { claims: { nbf: now + 20 } });
    await expect(authenticate(`Bearer ${almostValid}`)).resolves.toMatchObject({ id: 'cm-1' });
    const expired = await signToken(signer, target, { claims: { exp: now - 40 } });
    expect((await refusal(authenticate(`Bearer ${expired}`))).code).toBe('TOKEN_EXPIRED');
  });

  it.each([
    ['expired', 'TOKEN_EXPIRED'],
    ['not yet valid (nbf)', 'TOKEN_NOT_YET_VALID'],
    ['wrong iss', 'TOKEN_INVALID'],
    ['wrong aud', 'TOKEN_INVALID'],
    ['no exp', 'TOKEN_INVALID'],
    ['alg none', 'TOKEN_INVALID'],
    ['HS256 signed with the public key as secret', 'TOKEN_INVALID'],
    ['unknown kid', 'TOKEN_INVALID'],
    ['tampered payload', 'TOKEN_INVALID'],
    ['signed by a key the server never trusted', 'TOKEN_INVALID'],
    ['oversized (over 8 KiB)', 'TOKEN_TOO_LARGE'],
    ['unknown crit header', 'TOKEN_INVALID'],
    ['not an access token (typ JWT)', 'TOKEN_INVALID'],
  ])('refuses a token that is %s with %s, without echoing it', async (attack, code) => {
    const token = attacks[attack]!;
    const refused = await refusal(authenticate(`Bearer ${token}`));
    expect(refused.code).toBe(code);
    for (const part of token.split('.')) if (part.length > 8) expect(refused.message).not.toContain(part);
  });

  it.each([
    [undefined, 'TOKEN_MISSING'],
    ['', 'TOKEN_MISSING'],
    ['Basic dXNlcjpwYXNz', 'TOKEN_MALFORMED'],
    ['Bearer', 'TOKEN_MALFORMED'],
    ['Bearer a.b', 'TOKEN_MALFORMED'],
    ['Bearer a.b.c.d.e', 'TOKEN_MALFORMED'],
    ['Bearer a b c', 'TOKEN_MALFORMED'],
    [`Bearer ${'a'.repeat(MAX_TOKEN_BYTES + 1)}`, 'TOKEN_TOO_LARGE'],
    ['Bearer eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln', 'TOKEN_INVALID'],
  ])('refuses the header %s with %s', async (header, code) => {
    expect((await refusal(authenticate(header))).code).toBe(code);
  });
});

describe('the development issuer', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'ct-dev-issuer-'));
  const configFor = (dir: string) => loadIdentityConfig({}, dir);

  it('creates one ES256 key on first start, readable by its owner only, and reuses it after', async () => {
    const dir = dataDir();
    const first = await createAuthenticator(configFor(dir));
    expect(first.trusted).toMatchObject({ kind: 'dev', issuer: DEV_ISSUER, created: true });
    const file = join(dir, 'dev-issuer.jwk.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = readFileSync(file, 'utf8');
    const second = await createAuthenticator(configFor(dir));
    expect(second.trusted).toMatchObject({ kind: 'dev', created: false });
    expect(readFileSync(file, 'utf8')).toBe(stored);
    if (first.trusted.kind !== 'dev' || second.trusted.kind !== 'dev') throw new Error('not the dev issuer');
    expect(second.trusted.key.kid).toBe(first.trusted.key.kid);
    expect(second.trusted.key.publicJwk).not.toHaveProperty('d');
  });

  it('agrees on one key when several processes start at once', async () => {
    const file = join(dataDir(), 'dev-issuer.jwk.json');
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateDevIssuerKey(file)));
    expect(new Set(keys.map(({ key }) => key.kid)).size).toBe(1);
    expect(keys.filter(({ created }) => created)).toHaveLength(1);
  });

  it("trusts the tokens it signs, and only its own key: another data dir's token is refused", async () => {
    const dir = dataDir();
    const { authenticator } = await createAuthenticator(configFor(dir));
    const { key } = await loadOrCreateDevIssuerKey(join(dir, 'dev-issuer.jwk.json'));
    const token = await signDevToken(key, {
      sub: 'sup-1',
      roles: ['supervisor'],
      teams: ['north'],
      audience: 'casetrail-api',
    });
    await expect(authenticator.authenticate(`Bearer ${token}`)).resolves.toEqual({
      id: 'sup-1',
      kind: 'person',
      roles: ['supervisor'],
      teams: ['north'],
      programs: [],
    });
    const other = await loadOrCreateDevIssuerKey(join(dataDir(), 'dev-issuer.jwk.json'));
    const foreign = await signDevToken(other.key, {
      sub: 'sup-1',
      roles: ['supervisor'],
      audience: 'casetrail-api',
    });
    expect((await refusal(authenticator.authenticate(`Bearer ${foreign}`))).code).toBe('TOKEN_INVALID');
    const expired = await signDevToken(key, {
      sub: 'sup-1',
      roles: ['supervisor'],
      audience: 'casetrail-api',
      issuedAt: Math.floor(Date.now() / 1000) - 3600,
      ttlSeconds: 60,
    });
    expect((await refusal(authenticator.authenticate(`Bearer ${expired}`))).code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a key file others can read', async () => {
    const file = join(dataDir(), 'dev-issuer.jwk.json');
    await loadOrCreateDevIssuerKey(file);
    chmodSync(file, 0o644);
    await expect(loadOrCreateDevIssuerKey(file)).rejects.toThrow(/readable by others .*chmod 600/);
  });

  it('is never used when OIDC_ISSUER is set', async () => {
    const dir = dataDir();
    const { trusted } = await createAuthenticator(
      loadIdentityConfig({ OIDC_ISSUER: 'https://idp.example', OIDC_AUDIENCE: 'a' }, dir),
    );
    expect(trusted).toEqual({ kind: 'oidc', issuer: 'https://idp.example' });
    expect(() => statSync(join(dir, 'dev-issuer.jwk.json'))).toThrow(/ENOENT/);
  });
});

describe('discovery and the remote key set (a local HTTP server, real fetches)', () => {
  let server: Server;
  let base: string;
  let closedPort: number;
  /** What the discovery endpoint answers next. */
  let discovery: { status: number; body: Record<string, unknown> };

  beforeAll(async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    server = createServer((request, response) => {
      if (request.url === '/.well-known/openid-configuration') {
        response.writeHead(discovery.status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(discovery.body));
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const authenticatorFor = async () =>
    (await createAuthenticator(loadIdentityConfig({ OIDC_ISSUER: base, OIDC_AUDIENCE: AUDIENCE }, '/unused')))
      .authenticator;
  const someToken = async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    return signToken(
      { privateJwk: { ...(await exportJWK(privateKey)), kid: 'k', alg: 'ES256' } },
      {
        issuer: base,
        audience: AUDIENCE,
        sub: 'cm-1',
      },
    );
  };

  it('refuses a discovery document that names another issuer', async () => {
    discovery = { status: 200, body: { issuer: 'https://evil.example', jwks_uri: `${base}/jwks` } };
    const refused = await refusal((await authenticatorFor()).authenticate(`Bearer ${await someToken()}`));
    expect(refused).toEqual({
      code: 'ISSUER_UNAVAILABLE',
      message: expect.stringContaining('names issuer "https://evil.example"'),
    });
  });

  it('is unavailable, not invalid, when the key set cannot be fetched, and retries discovery after a failure', async () => {
    const authenticator = await authenticatorFor();
    const token = await someToken();
    discovery = { status: 500, body: {} };
    expect((await refusal(authenticator.authenticate(`Bearer ${token}`))).code).toBe('ISSUER_UNAVAILABLE');
    discovery = { status: 200, body: { issuer: base, jwks_uri: `http://127.0.0.1:${closedPort}/jwks` } };
    const refused = await refusal(authenticator.authenticate(`Bearer ${token}`));
    expect(refused).toEqual({
      code: 'ISSUER_UNAVAILABLE',
      message: "The issuer's key set could not be fetched",
    });
  });

  it('refuses a jwks_uri that is plain http off loopback', async () => {
    discovery = { status: 200, body: { issuer: base, jwks_uri: 'http://keys.example/jwks' } };
    const refused = await refusal((await authenticatorFor()).authenticate(`Bearer ${await someToken()}`));
    expect(refused.message).toContain('jwks_uri that is not https');
  });
});
