import type { Role } from '@casetrail/domain';
import { TestIdp } from './idp';

/** Someone the tests act as: an id, and what their token says about them. */
export interface Persona {
  readonly id: string;
  readonly roles?: readonly Role[];
  /** One role, possibly one Casetrail does not know (the API ignores those). */
  readonly role?: string;
  readonly teams?: readonly string[];
  readonly programs?: readonly string[];
  /** 'service' gives the token the `service` role, which is what makes a service account. */
  readonly kind?: 'person' | 'service';
}

interface Cached {
  readonly token: string;
  readonly expiresAt: number;
}

const cache = new Map<string, Promise<Cached>>();
let idp: TestIdp | null = null;

/** The roles, teams and programs a persona's token carries. */
export const claimsOf = (persona: Persona) => {
  const roles = new Set<string>(persona.roles ?? (persona.role === undefined ? [] : [persona.role]));
  if (persona.kind === 'service') roles.add('service');
  return { roles: [...roles], teams: [...(persona.teams ?? [])], programs: [...(persona.programs ?? [])] };
};

const expiryOf = (token: string): number => {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    exp: number;
  };
  return payload.exp * 1000;
};

/**
 * An access token for the persona from the test OpenID Provider, by the real client-credentials
 * grant: the persona is a registered client whose id is the token's `sub`. Cached per persona
 * until a minute before it expires.
 */
export const tokenFor = async (persona: Persona): Promise<string> => {
  const claims = claimsOf(persona);
  const key = JSON.stringify([persona.id, claims]);
  const cached = cache.get(key);
  if (cached) {
    const hit = await cached.catch(() => null);
    if (hit && hit.expiresAt - 60_000 > Date.now()) return hit.token;
  }
  const fresh = (async (): Promise<Cached> => {
    idp ??= TestIdp.fromEnvironment();
    // Registering again replaces an earlier registration of the id, whose claims may differ.
    const client = await idp.registerClient(persona.id, claims);
    const token = await idp.clientCredentialsToken(client);
    return { token, expiresAt: expiryOf(token) };
  })();
  cache.set(key, fresh);
  fresh.catch(() => cache.delete(key));
  return (await fresh).token;
};

/** `Authorization: Bearer <token>` for the persona. */
export const bearer = async (persona: Persona): Promise<Record<string, string>> => ({
  authorization: `Bearer ${await tokenFor(persona)}`,
});

/** For a child process under test: trust the test IdP as the in-process apps do. */
export const identityEnv = (env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv => ({
  OIDC_ISSUER: env.OIDC_ISSUER,
  OIDC_AUDIENCE: env.OIDC_AUDIENCE,
  RATE_LIMIT_PER_MINUTE: env.RATE_LIMIT_PER_MINUTE,
  INTAKE_DUPLICATE_CHECK: env.INTAKE_DUPLICATE_CHECK,
  REMINDERS_ENABLED: env.REMINDERS_ENABLED,
});
