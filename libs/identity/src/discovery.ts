import { AuthenticationError } from './errors';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const TIMEOUT_MS = 5_000;

export interface DiscoveredIssuer {
  readonly issuer: string;
  readonly jwksUri: URL;
}

const unavailable = (message: string) => new AuthenticationError('ISSUER_UNAVAILABLE', message);

/**
 * OpenID Connect Discovery 1.0: the document at `<issuer>/.well-known/openid-configuration`,
 * whose `issuer` must be the configured one exactly (else an attacker-controlled document could
 * vouch for another issuer), and whose `jwks_uri` is where the signing keys are. Redirects are
 * refused: the configured issuer is the only origin trusted to say where its keys are.
 */
export const discoverIssuer = async (issuer: string, allowHttp: boolean): Promise<DiscoveredIssuer> => {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let document: unknown;
  try {
    const response = await fetch(url, {
      redirect: 'error',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    document = await response.json();
  } catch (error) {
    throw unavailable(
      `OpenID discovery at ${url} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const { issuer: stated, jwks_uri: jwksUri } = (document ?? {}) as Record<string, unknown>;
  if (stated !== issuer)
    throw unavailable(
      `The discovery document at ${url} names issuer ${JSON.stringify(stated)}, not ${issuer}`,
    );
  let keys: URL;
  try {
    keys = new URL(String(jwksUri));
  } catch {
    throw unavailable(`The discovery document at ${url} has no valid jwks_uri`);
  }
  if (
    keys.protocol !== 'https:' &&
    !(keys.protocol === 'http:' && (allowHttp || LOOPBACK.has(keys.hostname)))
  )
    throw unavailable(`The discovery document at ${url} has a jwks_uri that is not https: ${keys.href}`);
  return { issuer, jwksUri: keys };
};
