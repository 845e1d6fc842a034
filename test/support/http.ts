import { tokenFor, type Persona } from './identity';

/** A token from somewhere other than the test OpenID Provider (the embedded app's own issuer). */
export interface TokenSource {
  readonly token: () => Promise<string>;
}

/**
 * A small HTTP client for the API under test: JSON in and out, every request with a bearer token
 * for `actor` from the test OpenID Provider, or from the actor's own token source (headers
 * passed to a call override it).
 */
export const api = (
  baseUrl: string,
  actor: Persona | TokenSource = { id: 'worker-1', role: 'case_manager' },
) => {
  const token = () => ('token' in actor ? actor.token() : tokenFor(actor));
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await token()}`,
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? JSON.parse(text) : null,
    };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body: unknown, headers?: Record<string, string>) =>
      call('POST', path, body, headers),
  };
};

/** Polls until the check passes: read models are eventually consistent by design. */
export const eventually = async <T>(
  check: () => Promise<T>,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
};
