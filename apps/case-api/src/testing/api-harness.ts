import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { Role } from '@casetrail/domain';
import { loadOrCreateDevIssuerKey, signDevToken, type DevIssuerKey } from '@casetrail/identity';
import { loadConfig, type CasetrailConfig } from '@casetrail/platform';
import { PROTECTION, type Protection } from '@casetrail/protection';
import { api } from '../../../../test/support/http';
import { claimsOf, type Persona } from '../../../../test/support/identity';
import { AppModule } from '../app.module';
import { configureCaseApi, createCaseApi } from '../bootstrap';
import { fakeProtection, type FakeProtection } from './fake-protection';

export type Client = ReturnType<typeof api>;
export type Reply = Awaited<ReturnType<Client['get']>>;

export const startApi = async (config: CasetrailConfig): Promise<{ app: INestApplication; url: string }> => {
  const app = await createCaseApi(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}` };
};

/**
 * The app as `createCaseApi` builds it, with the protection port replaced by an in-memory one:
 * the store every writer uses seals through it, and every query opens through it.
 */
const startWithProtection = async (config: CasetrailConfig, protection: FakeProtection) => {
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forConfig(config)],
  })
    // The sealing store and the opener are made from it, as from the real one.
    .overrideProvider(PROTECTION)
    .useValue(protection)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureCaseApi(app, config);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}` };
};

/** The app in embedded mode on a data dir of its own, with real tokens from its development issuer. */
export interface EmbeddedApi {
  readonly app: INestApplication;
  readonly url: string;
  readonly config: CasetrailConfig;
  /** The key hierarchy the app runs with: the real one over its data dir, unless a fake was asked for. */
  readonly protection: Protection;
  /** With `fakeProtection`: the in-memory stand-in, to see what it holds and to inject failures. */
  readonly fake: FakeProtection | null;
  /** A client whose every request carries a token for the persona, verified as any other. */
  readonly as: (persona: Persona) => Client;
  readonly tokenFor: (
    persona: Persona,
    options?: { ttlSeconds?: number; issuedAt?: number },
  ) => Promise<string>;
}

/**
 * Starts the real app the way `npm start` does without Kafka or a database: journal in a fresh
 * temp dir, in-process delivery, read models in memory. Tokens are signed with the development
 * issuer's key from that dir, so jose checks them exactly as it checks the CLI's.
 */
export interface HarnessOptions {
  /** An in-memory protection in place of the real one (whose keys are files in the data dir). */
  readonly fakeProtection?: boolean;
}

export const startEmbeddedApi = async (
  env: NodeJS.ProcessEnv = {},
  options: HarnessOptions = {},
): Promise<EmbeddedApi & { close: () => Promise<void> }> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'casetrail-http-'));
  // An env of its own, not the process's: a shell's OIDC_ISSUER or KAFKA_BROKERS must not leak in.
  const config = loadConfig({
    CASETRAIL_DATA_DIR: dataDir,
    PUBLISHER_IDLE_MS: '20',
    // Tests send many requests a minute as one persona; the limit has a test of its own.
    RATE_LIMIT_PER_MINUTE: '0',
    // The fixtures engage one Ada Moss in case after case; duplicate checking has specs of its own.
    INTAKE_DUPLICATE_CHECK: 'false',
    // Scans would append reminders under specs counting versions; reminder specs run their own.
    REMINDERS_ENABLED: 'false',
    ...env,
  });
  if (config.mode !== 'embedded' || config.identity.issuer !== null)
    throw new Error('The HTTP harness runs the app embedded, trusting its development issuer only');
  const fake = options.fakeProtection ? fakeProtection() : null;
  const { app, url } = fake ? await startWithProtection(config, fake) : await startApi(config);
  const protection = app.get<Protection>(PROTECTION);
  let key: DevIssuerKey | null = null;
  const tokenFor = async (persona: Persona, options: { ttlSeconds?: number; issuedAt?: number } = {}) => {
    key ??= (await loadOrCreateDevIssuerKey(config.identity.devIssuerKeyFile)).key;
    const claims = claimsOf(persona);
    // Unknown role strings go into the token as they are: the API must ignore them, not the harness.
    return signDevToken(key, {
      sub: persona.id,
      roles: claims.roles as Role[],
      teams: claims.teams,
      programs: claims.programs,
      audience: config.identity.audience,
      ...options,
    });
  };
  const tokens = new Map<string, Promise<string>>();
  const cached = (persona: Persona) => {
    const id = JSON.stringify([persona.id, claimsOf(persona)]);
    const token = tokens.get(id) ?? tokenFor(persona);
    tokens.set(id, token);
    return token;
  };
  return {
    app,
    url,
    config,
    protection,
    fake,
    tokenFor,
    as: (persona) => api(url, { token: () => cached(persona) }),
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

/**
 * One embedded app per test file: started in beforeAll, closed in afterAll. Read its fields
 * inside tests (they exist once beforeAll has run).
 */
export const embeddedApi = (env: NodeJS.ProcessEnv = {}, options: HarnessOptions = {}): EmbeddedApi => {
  let running: Awaited<ReturnType<typeof startEmbeddedApi>> | null = null;
  beforeAll(async () => {
    running = await startEmbeddedApi(env, options);
  }, 30_000);
  afterAll(async () => {
    await running?.close();
  });
  const get = () => {
    if (running === null) throw new Error('The embedded app runs only inside tests (after beforeAll)');
    return running;
  };
  return {
    get app() {
      return get().app;
    },
    get url() {
      return get().url;
    },
    get config() {
      return get().config;
    },
    get protection() {
      return get().protection;
    },
    get fake() {
      return get().fake;
    },
    as: (persona) => get().as(persona),
    tokenFor: (persona, options) => get().tokenFor(persona, options),
  };
};
