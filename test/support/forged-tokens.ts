import { randomUUID } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';

/** What an attacker (or a test) signs with: a private key, its kid and algorithm. */
export interface Signer {
  readonly privateJwk: JWK & { kid: string; alg: string };
}

export interface ForgeTarget {
  readonly issuer: string;
  readonly audience: string;
  readonly sub: string;
  readonly roles?: readonly string[];
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** A token as the issuer would sign it, with claims and header fields overridable. */
export const signToken = async (
  signer: Signer,
  target: ForgeTarget,
  options: { claims?: JWTPayload; header?: Record<string, unknown>; crit?: Record<string, boolean> } = {},
): Promise<string> => {
  const { alg, kid } = signer.privateJwk;
  const key = await importJWK(signer.privateJwk, alg);
  const iat = now();
  return new SignJWT({
    sub: target.sub,
    iss: target.issuer,
    aud: target.audience,
    iat,
    exp: iat + 300,
    jti: randomUUID(),
    client_id: target.sub,
    roles: [...(target.roles ?? ['case_manager'])],
    ...options.claims,
  })
    .setProtectedHeader({ alg, kid, typ: 'at+jwt', ...options.header })
    .sign(key, options.crit ? { crit: options.crit } : undefined);
};

/** A key the API never trusted, under the trusted key's kid or a new one. */
export const untrustedSigner = async (kid: string, alg = 'RS256'): Promise<Signer> => {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  return { privateJwk: { ...(await exportJWK(privateKey)), kid, alg } };
};

/**
 * RFC 8725's attacks, each a token the API must answer with 401: every one is well-formed enough
 * to reach verification, so it is the check, not the parser, that refuses it.
 */
export const attackTokens = async (
  signer: Signer,
  target: ForgeTarget,
): Promise<Readonly<Record<string, string>>> => {
  const { kid } = signer.privateJwk;
  const iat = now();
  const good = await signToken(signer, target);
  const [header = '', payload = '', signature = ''] = good.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JWTPayload;
  // The classic confusion: the issuer's public key (which anyone can fetch) as an HMAC secret.
  const { privateJwk } = signer;
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  const publicKey = (await importJWK(publicJwk, privateJwk.alg)) as Parameters<typeof exportSPKI>[0];
  const publicPem = await exportSPKI(publicKey);
  const stranger = await untrustedSigner(kid, signer.privateJwk.alg);
  const randomKid = await untrustedSigner(`kid-${randomUUID()}`, signer.privateJwk.alg);
  return {
    expired: await signToken(signer, target, { claims: { iat: iat - 3600, exp: iat - 600 } }),
    'not yet valid (nbf)': await signToken(signer, target, { claims: { nbf: iat + 600, exp: iat + 1200 } }),
    'wrong iss': await signToken(signer, { ...target, issuer: `${target.issuer}/other` }),
    'wrong aud': await signToken(signer, { ...target, audience: 'some-other-api' }),
    'no exp': await signToken(signer, target, { claims: { exp: undefined } }),
    'alg none': `${b64({ alg: 'none', typ: 'at+jwt', kid })}.${payload}.`,
    'HS256 signed with the public key as secret': await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid })
      .sign(new TextEncoder().encode(publicPem)),
    'unknown kid': await signToken(randomKid, target),
    'tampered payload': `${header}.${b64({ ...claims, roles: ['administrator', 'auditor'] })}.${signature}`,
    'signed by a key the server never trusted': await signToken(stranger, target),
    'oversized (over 8 KiB)': await signToken(signer, target, { claims: { padding: 'x'.repeat(9000) } }),
    'unknown crit header': await signToken(signer, target, {
      header: { crit: ['urn:example:unknown'], 'urn:example:unknown': true },
      crit: { 'urn:example:unknown': true },
    }),
    'not an access token (typ JWT)': await signToken(signer, target, { header: { typ: 'JWT' } }),
  };
};
