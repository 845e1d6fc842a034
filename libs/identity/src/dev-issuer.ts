import { randomUUID } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { Role } from '@casetrail/domain';
import { DEFAULT_TOKEN_TYPE } from './identity-config';

/**
 * The development issuer's identifier: a URN rather than a URL, because nothing serves it;
 * the API trusts its one public key straight from the key file.
 */
export const DEV_ISSUER = 'urn:casetrail:dev-issuer';
const ALG = 'ES256';
const KEY_FILE_MODE = 0o600;

export interface DevIssuerKey {
  readonly issuer: string;
  readonly file: string;
  readonly kid: string;
  readonly alg: typeof ALG;
  /** The private JWK (with `d`): only the CLI and benches sign with it. */
  readonly privateJwk: JWK;
  /** What the verifier trusts: the public half alone. */
  readonly publicJwk: JWK;
}

interface KeyFile {
  readonly issuer: string;
  readonly kid: string;
  readonly alg: string;
  readonly privateJwk: JWK;
}

const publicHalf = (jwk: JWK, kid: string): JWK => ({
  kty: jwk.kty,
  crv: jwk.crv,
  x: jwk.x,
  y: jwk.y,
  kid,
  alg: ALG,
  use: 'sig',
});

const parse = (file: string, text: string): DevIssuerKey => {
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(text) as KeyFile;
  } catch {
    throw new Error(`The development issuer's key file ${file} is not JSON; delete it to make a new key`);
  }
  const jwk = parsed.privateJwk;
  if (
    parsed.issuer !== DEV_ISSUER ||
    parsed.alg !== ALG ||
    typeof parsed.kid !== 'string' ||
    jwk?.kty !== 'EC' ||
    jwk.crv !== 'P-256' ||
    typeof jwk.d !== 'string'
  )
    throw new Error(`The development issuer's key file ${file} is not an ES256 key of ${DEV_ISSUER}`);
  return {
    issuer: DEV_ISSUER,
    file,
    kid: parsed.kid,
    alg: ALG,
    privateJwk: jwk,
    publicJwk: publicHalf(jwk, parsed.kid),
  };
};

const read = (file: string): DevIssuerKey => {
  const { mode } = statSync(file);
  // Like ssh with a private key: anyone who can read it can mint any role.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new Error(
      `The development issuer's key file ${file} is readable by others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`,
    );
  return parse(file, readFileSync(file, 'utf8'));
};

/**
 * The development issuer's key in `file`, made on first use. Creation writes a private temp file
 * and hard-links it into place, so a server and a CLI starting at once agree on one key: the
 * loser of the link race reads the winner's. Nothing is locked, so the CLI can mint tokens while
 * the server runs.
 */
export const loadOrCreateDevIssuerKey = async (
  file: string,
): Promise<{ key: DevIssuerKey; created: boolean }> => {
  try {
    return { key: read(file), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair(ALG, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(publicHalf(privateJwk, ''));
  const content: KeyFile = { issuer: DEV_ISSUER, kid, alg: ALG, privateJwk };
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  const fd = openSync(temp, 'wx', KEY_FILE_MODE);
  try {
    writeSync(fd, `${JSON.stringify(content, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, file);
    return { key: parse(file, readFileSync(file, 'utf8')), created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: read(file), created: false };
  } finally {
    unlinkSync(temp);
  }
};

export interface DevTokenRequest {
  readonly sub: string;
  readonly roles?: readonly Role[];
  readonly teams?: readonly string[];
  readonly programs?: readonly string[];
  /** Lifetime in seconds [900]. */
  readonly ttlSeconds?: number;
  readonly audience: string;
  /** Seconds since the epoch the token is issued at [now]. */
  readonly issuedAt?: number;
}

/** An access token from the development issuer, shaped like an RFC 9068 one from a real issuer. */
export const signDevToken = async (key: DevIssuerKey, request: DevTokenRequest): Promise<string> => {
  const issuedAt = request.issuedAt ?? Math.floor(Date.now() / 1000);
  const signingKey = await importJWK(key.privateJwk, ALG);
  return new SignJWT({
    roles: [...(request.roles ?? [])],
    teams: [...(request.teams ?? [])],
    programs: [...(request.programs ?? [])],
    client_id: 'casetrail-cli',
  })
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: DEFAULT_TOKEN_TYPE })
    .setIssuer(key.issuer)
    .setSubject(request.sub)
    .setAudience(request.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (request.ttlSeconds ?? 900))
    .setJti(randomUUID())
    .sign(signingKey);
};
