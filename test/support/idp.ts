import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { freePort, tail } from './processes';

const SCRIPT = join(__dirname, 'idp', 'idp.mjs');

/** A private signing key of the test IdP, as it reads it from its keys file. */
export type IdpKey = JWK & { kid: string; alg: string };

export const generateIdpKey = async (kid: string, alg = 'RS256'): Promise<IdpKey> => {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
};

export interface TestIdpStats {
  readonly jwksFetches: number;
  readonly tokensIssued: number;
}

/**
 * A running test OpenID Provider (test/support/idp/idp.mjs, oidc-provider) on 127.0.0.1. Its
 * keys and registered clients live in files under `dir`, so `restart` with other keys keeps the
 * issuer, the port and the personas: that is how a test rotates keys.
 */
export class TestIdp {
  private child: ChildProcess | null = null;
  private starts = 0;

  private constructor(
    readonly port: number,
    readonly dir: string,
    readonly audience: string,
    readonly registrationToken: string,
  ) {}

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get keysFile(): string {
    return join(this.dir, 'keys.json');
  }

  /** The keys it has now, first the one it signs with. */
  get keys(): IdpKey[] {
    return (JSON.parse(readFileSync(this.keysFile, 'utf8')) as { keys: IdpKey[] }).keys;
  }

  get logFile(): string {
    return join(this.dir, `idp-${this.starts}.log`);
  }

  static async start(options: { audience: string; keys?: IdpKey[] }): Promise<TestIdp> {
    const dir = mkdtempSync(join(tmpdir(), 'ct-idp-'));
    const idp = new TestIdp(await freePort(), dir, options.audience, randomBytes(24).toString('base64url'));
    idp.writeKeys(options.keys ?? [await generateIdpKey('idp-key-1')]);
    await idp.launch();
    return idp;
  }

  private writeKeys(keys: IdpKey[]): void {
    writeFileSync(this.keysFile, JSON.stringify({ keys }), { mode: 0o600 });
  }

  private async launch(): Promise<void> {
    this.starts += 1;
    const fd = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, [SCRIPT], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        IDP_PORT: String(this.port),
        IDP_KEYS_FILE: this.keysFile,
        IDP_CLIENTS_FILE: join(this.dir, 'clients.json'),
        IDP_AUDIENCE: this.audience,
        IDP_REGISTRATION_TOKEN: this.registrationToken,
      },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    this.child = child;
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`The test IdP exited at start; its log:\n${tail(this.logFile)}`);
      try {
        const response = await fetch(`${this.issuer}/.well-known/openid-configuration`, {
          signal: AbortSignal.timeout(1_000),
        });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(`The test IdP did not start; its log:\n${tail(this.logFile)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Restarts on the same port with `keys` (first signs): key rotation as an issuer does it. */
  async restart(keys: IdpKey[]): Promise<void> {
    await this.stop();
    this.writeKeys(keys);
    await this.launch();
  }

  async stats(): Promise<TestIdpStats> {
    const response = await fetch(`${this.issuer}/test/stats`);
    return (await response.json()) as TestIdpStats;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  }

  /**
   * A client whose client-credentials tokens carry `sub` = `clientId` and these claims,
   * registered by OpenID dynamic client registration (RFC 7591) with the initial access token.
   */
  async registerClient(
    clientId: string,
    claims: { roles: readonly string[]; teams: readonly string[]; programs: readonly string[] },
  ): Promise<{ clientId: string; clientSecret: string }> {
    const response = await fetch(`${this.issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.registrationToken}` },
      body: JSON.stringify({
        client_id: clientId,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic',
        ...claims,
      }),
    });
    const body = (await response.json()) as { client_id?: string; client_secret?: string };
    if (response.status !== 201 || body.client_id !== clientId || !body.client_secret)
      throw new Error(
        `Registering ${clientId} at the test IdP answered ${response.status}: ${JSON.stringify(body)}`,
      );
    return { clientId, clientSecret: body.client_secret };
  }

  /** The real client-credentials grant (RFC 6749 4.4) with a resource indicator (RFC 8707). */
  async clientCredentialsToken(client: { clientId: string; clientSecret: string }): Promise<string> {
    const basic = Buffer.from(
      `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`,
    ).toString('base64');
    const response = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        resource: `urn:casetrail:audience:${this.audience}`,
      }).toString(),
    });
    const body = (await response.json()) as { access_token?: string };
    if (response.status !== 200 || !body.access_token)
      throw new Error(`The test IdP's token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  /** The handle a test worker rebuilds from the environment global-setup exported. */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): TestIdp {
    const { CASETRAIL_TEST_IDP_PORT: port, CASETRAIL_TEST_IDP_DIR: dir } = env;
    const { OIDC_AUDIENCE: audience, CASETRAIL_TEST_IDP_REGISTRATION_TOKEN: token } = env;
    if (!port || !dir || !audience || !token)
      throw new Error('No test IdP: test/support/global-setup.ts starts it for the int and e2e projects');
    return new TestIdp(Number(port), dir, audience, token);
  }

  /** What global-setup exports so workers (and every app they start) trust this IdP. */
  environment(): Record<string, string> {
    return {
      OIDC_ISSUER: this.issuer,
      OIDC_AUDIENCE: this.audience,
      CASETRAIL_TEST_IDP_PORT: String(this.port),
      CASETRAIL_TEST_IDP_DIR: this.dir,
      CASETRAIL_TEST_IDP_REGISTRATION_TOKEN: this.registrationToken,
    };
  }
}
