import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_CLAIM_PATHS, type ClaimPaths } from './claims';
import { parseDurationSeconds } from './durations';
import {
  booleanVariable,
  fail,
  parseEnvironment,
  textVariable,
  type CrossRule,
  type EnvValues,
  type EnvVariable,
  type EnvVariables,
} from './env-schema';

/** Asymmetric JWS algorithms a deployment may allow; `none` and HMAC are never among them. */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

export const DEFAULT_ALGORITHMS: readonly string[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];
export const DEFAULT_AUDIENCE = 'casetrail-api';
/** RFC 9068's access-token type; `OIDC_TOKEN_TYPE=any` turns the check off. */
export const DEFAULT_TOKEN_TYPE = 'at+jwt';
export const DEV_ISSUER_KEY_FILE = 'dev-issuer.jwk.json';

export interface IdentityConfig {
  /** OIDC_ISSUER; null means the development issuer keyed in the data dir. */
  readonly issuer: string | null;
  readonly audience: string;
  readonly algorithms: readonly string[];
  readonly clockSkewSeconds: number;
  /** The `typ` header an access token must carry, or null for no check. */
  readonly tokenType: string | null;
  readonly claims: ClaimPaths;
  /** An unknown `kid` refetches the JWKS at most once per this many seconds. */
  readonly jwksCooldownSeconds: number;
  /** OIDC_ALLOW_HTTP: plain-http issuer and JWKS off loopback (a private network such as compose's). */
  readonly allowHttp: boolean;
  /** The development issuer's key (private JWK, file mode 0600). */
  readonly devIssuerKeyFile: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const duration = (name: string, fallback: number, max: number, description: string): EnvVariable<number> => ({
  schema: z.string().transform((raw, ctx) => {
    const value = parseDurationSeconds(raw);
    return value === null || value > max
      ? fail(ctx, `${name} must be a duration up to ${max}s such as 30 or 30s, got "${raw}"`)
      : value;
  }),
  fallback,
  rule: `a duration up to ${max}s such as 30 or 30s`,
  default: `${fallback}s`,
  description,
});

const claimPath = (name: string, fallback: string, description: string): EnvVariable<string> =>
  textVariable({
    fallback,
    description,
    rule: 'a claim name or a dotted path such as realm_access.roles',
    schema: z
      .string()
      .max(200)
      .regex(/^[^\s.]+(\.[^\s.]+)*$/),
  });

/** The identity variables, in the one configuration schema (libs/platform/src/config.ts). */
export const IDENTITY_VARIABLES = {
  OIDC_ISSUER: textVariable({
    fallback: null,
    description:
      'the trusted OpenID issuer, https (http only on loopback or with OIDC_ALLOW_HTTP); unset: the development issuer',
    rule: 'an absolute URL without query or fragment',
    schema: z.string().transform((raw, ctx) => {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return fail(ctx, `OIDC_ISSUER must be an absolute URL, got "${raw}"`);
      }
      if (url.search || url.hash) return fail(ctx, 'OIDC_ISSUER must not have a query or a fragment');
      // Compared verbatim with the discovery document's and the tokens' `iss`: keep it as given.
      return raw;
    }),
  }),
  OIDC_AUDIENCE: textVariable({
    fallback: null,
    default: DEFAULT_AUDIENCE,
    description: 'the audience tokens must name; required with OIDC_ISSUER',
  }),
  OIDC_ALGORITHMS: {
    schema: z.string().transform((raw, ctx) => {
      const algorithms = raw.split(',').map((a) => a.trim());
      for (const algorithm of algorithms)
        if (!(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(algorithm))
          return fail(
            ctx,
            `OIDC_ALGORITHMS may list only asymmetric algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')}), got "${algorithm}"`,
          );
      return [...new Set(algorithms)];
    }),
    fallback: DEFAULT_ALGORITHMS,
    rule: `a comma-separated list of ${ASYMMETRIC_ALGORITHMS.join(', ')}`,
    default: DEFAULT_ALGORITHMS.join(','),
    description: 'allowed JWS algorithms, asymmetric only',
  } satisfies EnvVariable<readonly string[]>,
  OIDC_CLOCK_SKEW: duration('OIDC_CLOCK_SKEW', 30, 300, 'tolerance on exp/nbf'),
  OIDC_TOKEN_TYPE: textVariable({
    fallback: DEFAULT_TOKEN_TYPE,
    description: 'the typ header access tokens must carry, or any for no check',
    rule: 'a media type such as at+jwt, or "any"',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9.+/-]{1,64}$/, 'OIDC_TOKEN_TYPE must be a media type such as at+jwt, or "any"'),
  }),
  OIDC_ROLES_CLAIM: claimPath(
    'OIDC_ROLES_CLAIM',
    DEFAULT_CLAIM_PATHS.roles,
    'claim name or dotted path of the roles (Keycloak: realm_access.roles)',
  ),
  OIDC_TEAMS_CLAIM: claimPath(
    'OIDC_TEAMS_CLAIM',
    DEFAULT_CLAIM_PATHS.teams,
    'claim name or dotted path of the teams',
  ),
  OIDC_PROGRAMS_CLAIM: claimPath(
    'OIDC_PROGRAMS_CLAIM',
    DEFAULT_CLAIM_PATHS.programs,
    'claim name or dotted path of the programs',
  ),
  OIDC_JWKS_COOLDOWN: duration(
    'OIDC_JWKS_COOLDOWN',
    30,
    3600,
    'least time between key-set refetches for unknown kids',
  ),
  OIDC_ALLOW_HTTP: booleanVariable({
    fallback: false,
    description: 'allow a plain-http issuer off loopback (a private network only)',
  }),
} satisfies EnvVariables;

export type IdentityValues = EnvValues<typeof IDENTITY_VARIABLES>;

export const IDENTITY_RULES: readonly CrossRule<typeof IDENTITY_VARIABLES>[] = [
  ({ OIDC_ISSUER: issuer, OIDC_ALLOW_HTTP: allowHttp }, report) => {
    if (issuer === null) return;
    const url = new URL(issuer);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (allowHttp || LOOPBACK.has(url.hostname))))
      report(
        'OIDC_ISSUER',
        `OIDC_ISSUER must be https (plain http only on a loopback address, or with OIDC_ALLOW_HTTP=true), got "${issuer}"`,
      );
  },
  ({ OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience }, report) => {
    if (issuer !== null && audience === null)
      report(
        'OIDC_AUDIENCE',
        'OIDC_AUDIENCE is required with OIDC_ISSUER: the audience tokens must be issued for',
      );
  },
];

/** The identity configuration from variables already parsed. */
export const identityConfigFrom = (values: IdentityValues, dataDir: string): IdentityConfig => ({
  issuer: values.OIDC_ISSUER,
  audience: values.OIDC_AUDIENCE ?? DEFAULT_AUDIENCE,
  algorithms: values.OIDC_ALGORITHMS,
  clockSkewSeconds: values.OIDC_CLOCK_SKEW,
  tokenType: values.OIDC_TOKEN_TYPE === 'any' ? null : values.OIDC_TOKEN_TYPE,
  claims: {
    roles: values.OIDC_ROLES_CLAIM,
    teams: values.OIDC_TEAMS_CLAIM,
    programs: values.OIDC_PROGRAMS_CLAIM,
  },
  jwksCooldownSeconds: values.OIDC_JWKS_COOLDOWN,
  allowHttp: values.OIDC_ALLOW_HTTP,
  devIssuerKeyFile: join(dataDir, DEV_ISSUER_KEY_FILE),
});

/** The identity part of the configuration; throws a message naming the variable on bad input. */
export const loadIdentityConfig = (env: NodeJS.ProcessEnv, dataDir: string): IdentityConfig =>
  identityConfigFrom(parseEnvironment(IDENTITY_VARIABLES, env, IDENTITY_RULES), dataDir);
