import { join } from 'node:path';
import { DEFAULT_CLAIM_PATHS, type ClaimPaths } from './claims';
import { parseDurationSeconds } from './durations';

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

export const DEFAULT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];
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

const seconds = (env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number => {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = parseDurationSeconds(raw);
  if (value === null || value > max)
    throw new Error(`${name} must be a duration up to ${max}s such as 30 or 30s, got "${raw}"`);
  return value;
};

const claimPath = (env: NodeJS.ProcessEnv, name: string, fallback: string): string => {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^[^\s.]+(\.[^\s.]+)*$/.test(raw) || raw.length > 200)
    throw new Error(`${name} must be a claim name or a dotted path such as realm_access.roles, got "${raw}"`);
  return raw;
};

const issuerFrom = (raw: string, allowHttp: boolean): string => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`OIDC_ISSUER must be an absolute URL, got "${raw}"`);
  }
  if (url.search || url.hash) throw new Error('OIDC_ISSUER must not have a query or a fragment');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (allowHttp || LOOPBACK.has(url.hostname))))
    throw new Error(
      `OIDC_ISSUER must be https (plain http only on a loopback address, or with OIDC_ALLOW_HTTP=true), got "${raw}"`,
    );
  // Compared verbatim with the discovery document's and the tokens' `iss`: keep it as given.
  return raw;
};

/** The identity part of the configuration; throws a message naming the variable on bad input. */
export const loadIdentityConfig = (env: NodeJS.ProcessEnv, dataDir: string): IdentityConfig => {
  const allowHttp = (env.OIDC_ALLOW_HTTP ?? 'false').trim() === 'true';
  const rawIssuer = env.OIDC_ISSUER?.trim() ?? '';
  const issuer = rawIssuer ? issuerFrom(rawIssuer, allowHttp) : null;
  const rawAudience = env.OIDC_AUDIENCE?.trim() ?? '';
  if (issuer !== null && !rawAudience)
    throw new Error('OIDC_AUDIENCE is required with OIDC_ISSUER: the audience tokens must be issued for');
  const rawAlgorithms = env.OIDC_ALGORITHMS?.trim() ?? '';
  const algorithms = rawAlgorithms ? rawAlgorithms.split(',').map((a) => a.trim()) : DEFAULT_ALGORITHMS;
  for (const algorithm of algorithms)
    if (!(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(algorithm))
      throw new Error(
        `OIDC_ALGORITHMS may list only asymmetric algorithms (${ASYMMETRIC_ALGORITHMS.join(', ')}), got "${algorithm}"`,
      );
  const rawType = env.OIDC_TOKEN_TYPE?.trim() ?? '';
  if (rawType && !/^[A-Za-z0-9.+/-]{1,64}$/.test(rawType))
    throw new Error(`OIDC_TOKEN_TYPE must be a media type such as at+jwt, or "any", got "${rawType}"`);
  return {
    issuer,
    audience: rawAudience || DEFAULT_AUDIENCE,
    algorithms: [...new Set(algorithms)],
    clockSkewSeconds: seconds(env, 'OIDC_CLOCK_SKEW', 30, 300),
    tokenType: rawType === 'any' ? null : rawType || DEFAULT_TOKEN_TYPE,
    claims: {
      roles: claimPath(env, 'OIDC_ROLES_CLAIM', DEFAULT_CLAIM_PATHS.roles),
      teams: claimPath(env, 'OIDC_TEAMS_CLAIM', DEFAULT_CLAIM_PATHS.teams),
      programs: claimPath(env, 'OIDC_PROGRAMS_CLAIM', DEFAULT_CLAIM_PATHS.programs),
    },
    jwksCooldownSeconds: seconds(env, 'OIDC_JWKS_COOLDOWN', 30, 3600),
    allowHttp,
    devIssuerKeyFile: join(dataDir, DEV_ISSUER_KEY_FILE),
  };
};
