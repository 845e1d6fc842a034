import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTVerifyGetKey,
  type JWTPayload,
} from 'jose';
import type { Principal } from '@casetrail/domain';
import { principalFromClaims } from './claims';
import { loadOrCreateDevIssuerKey, type DevIssuerKey } from './dev-issuer';
import { discoverIssuer } from './discovery';
import { AuthenticationError } from './errors';
import type { IdentityConfig } from './identity-config';

/** What the HTTP edge needs: a verified principal from an Authorization header, or an AuthenticationError. */
export interface Authenticator {
  /** The one issuer whose tokens are trusted. */
  readonly issuer: string;
  authenticate(authorizationHeader: string | undefined): Promise<Principal>;
}

/** Bounds the work an unauthenticated caller can cause: nothing larger is even decoded. */
export const MAX_TOKEN_BYTES = 8 * 1024;
/** A JWS in compact form: three base64url parts (a five-part JWE is not an access token here). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const BEARER = /^Bearer +(\S+) *$/i;

const invalid = (message: string) => new AuthenticationError('TOKEN_INVALID', message);

/** jose's errors, translated to stable codes and messages that never repeat the token. */
const translate = (error: unknown): unknown => {
  if (error instanceof AuthenticationError) return error;
  if (error instanceof errors.JWTExpired)
    return new AuthenticationError('TOKEN_EXPIRED', 'The token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'nbf':
        return new AuthenticationError('TOKEN_NOT_YET_VALID', 'The token is not valid yet ("nbf")');
      case 'iat':
        return new AuthenticationError('TOKEN_NOT_YET_VALID', 'The token was issued in the future ("iat")');
      case 'iss':
        return invalid('The token is from an issuer this API does not trust');
      case 'aud':
        return invalid('The token is not for this API (its "aud" does not name it)');
      case 'typ':
        return invalid('The token is not an access token (its "typ" header is wrong)');
      default:
        return invalid(`The token's "${error.claim}" claim is missing or invalid`);
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return invalid('The token is signed with an algorithm this API does not accept');
  if (error instanceof errors.JWKSNoMatchingKey)
    return invalid('The token is signed by a key the issuer does not publish');
  if (error instanceof errors.JWKSMultipleMatchingKeys)
    return invalid('The token names no key the issuer publishes unambiguously');
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return invalid('The token signature is not valid');
  if (error instanceof errors.JOSENotSupported)
    return invalid('The token uses a header or algorithm this API does not support');
  if (error instanceof errors.JWKSTimeout)
    return new AuthenticationError('ISSUER_UNAVAILABLE', "The issuer's key set did not answer in time");
  if (error instanceof errors.JWKSInvalid)
    return new AuthenticationError('ISSUER_UNAVAILABLE', "The issuer's key set is not valid");
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid)
    return invalid('The token is not a well-formed signed JWT');
  if (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC')
    // Only the remote key set throws the generic error (a non-200 or non-JSON JWKS answer).
    return new AuthenticationError('ISSUER_UNAVAILABLE', "The issuer's key set could not be fetched");
  if (error instanceof errors.JOSEError) return invalid('The token could not be verified');
  // fetch failures (connection refused, DNS): the issuer is down, not the caller wrong.
  // Compared by name, not instanceof: fetch's errors may come from another realm (a test runner's).
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  if (name === 'TypeError' && message === 'fetch failed')
    return new AuthenticationError('ISSUER_UNAVAILABLE', "The issuer's key set could not be fetched");
  // Anything else is a fault here, not in the token: let it surface as one.
  return error;
};

/** Verifies bearer tokens against one key source under the configured rules. */
export const createTokenAuthenticator = (
  issuer: string,
  config: IdentityConfig,
  keys: () => Promise<JWTVerifyGetKey>,
): Authenticator => ({
  issuer,
  async authenticate(header: string | undefined): Promise<Principal> {
    if (header === undefined || header.trim() === '')
      throw new AuthenticationError(
        'TOKEN_MISSING',
        'This route needs an "Authorization: Bearer <token>" header',
      );
    if (Buffer.byteLength(header) > MAX_TOKEN_BYTES + 'Bearer '.length)
      throw new AuthenticationError('TOKEN_TOO_LARGE', `The token is larger than ${MAX_TOKEN_BYTES} bytes`);
    const token = BEARER.exec(header)?.[1];
    if (token === undefined)
      throw new AuthenticationError('TOKEN_MALFORMED', 'The Authorization header must be "Bearer <token>"');
    if (!COMPACT_JWS.test(token))
      throw new AuthenticationError('TOKEN_MALFORMED', 'The bearer token is not a compact signed JWT');
    let payload: JWTPayload;
    try {
      const getKey = await keys();
      ({ payload } = await jwtVerify(token, getKey, {
        issuer,
        audience: config.audience,
        algorithms: [...config.algorithms],
        clockTolerance: config.clockSkewSeconds,
        requiredClaims: ['exp', 'sub'],
        ...(config.tokenType === null ? {} : { typ: config.tokenType }),
        // No `crit` extensions are understood: jose rejects any token that lists one.
      }));
    } catch (error) {
      throw translate(error);
    }
    return principalFromClaims(payload, config.claims);
  },
});

/**
 * The key source for an external issuer: discovery once (retried on the next request after a
 * failure), then jose's remote key set, which refetches on an unknown `kid` at most once per
 * cooldown. Keys come only from the discovered `jwks_uri`: never from a token's `jku`/`x5u`,
 * and a `kid` is only ever looked up in the set, never used as a path.
 */
export const remoteKeys = (config: IdentityConfig, issuer: string) => {
  let pending: Promise<JWTVerifyGetKey> | null = null;
  return (): Promise<JWTVerifyGetKey> => {
    pending ??= discoverIssuer(issuer, config.allowHttp).then(
      ({ jwksUri }) =>
        createRemoteJWKSet(jwksUri, {
          cooldownDuration: config.jwksCooldownSeconds * 1000,
          timeoutDuration: 5_000,
        }),
      (error: unknown) => {
        pending = null;
        throw error;
      },
    );
    return pending;
  };
};

export type TrustedIssuer =
  | { readonly kind: 'oidc'; readonly issuer: string }
  | { readonly kind: 'dev'; readonly issuer: string; readonly key: DevIssuerKey; readonly created: boolean };

/**
 * The authenticator for a configuration: the configured OpenID issuer, or, without OIDC_ISSUER,
 * the development issuer whose public key alone is trusted (a local key set, no HTTP).
 */
export const createAuthenticator = async (
  config: IdentityConfig,
): Promise<{ authenticator: Authenticator; trusted: TrustedIssuer }> => {
  if (config.issuer !== null) {
    const keys = remoteKeys(config, config.issuer);
    return {
      authenticator: createTokenAuthenticator(config.issuer, config, keys),
      trusted: { kind: 'oidc', issuer: config.issuer },
    };
  }
  const { key, created } = await loadOrCreateDevIssuerKey(config.devIssuerKeyFile);
  const local = createLocalJWKSet({ keys: [key.publicJwk] });
  return {
    authenticator: createTokenAuthenticator(key.issuer, config, () => Promise.resolve(local)),
    trusted: { kind: 'dev', issuer: key.issuer, key, created },
  };
};
