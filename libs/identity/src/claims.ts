import { ROLES, type Principal, type Role } from '@casetrail/domain';
import { AuthenticationError } from './errors';

/** Where in the token's claims the roles, teams and programs are: dotted paths. */
export interface ClaimPaths {
  readonly roles: string;
  readonly teams: string;
  readonly programs: string;
}

export const DEFAULT_CLAIM_PATHS: ClaimPaths = { roles: 'roles', teams: 'teams', programs: 'programs' };

/** A subject is an id on events and in read-model keys: visible ASCII, no spaces, bounded. */
const SUBJECT = /^[\x21-\x7e]{1,255}$/;
const MAX_ENTRIES = 200;
const MAX_ENTRY_LENGTH = 255;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `realm_access.roles` walks nested objects (Keycloak). A claim whose own name contains dots
 * (`https://agency.example/roles`, the namespaced style some issuers require) is matched
 * whole first, so both styles are expressible.
 */
export const claimAt = (claims: Record<string, unknown>, path: string): unknown => {
  if (Object.prototype.hasOwnProperty.call(claims, path)) return claims[path];
  let current: unknown = claims;
  for (const segment of path.split('.')) {
    if (!isRecord(current) || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
};

/** An array of strings, or one string; anything else in it is dropped, not an error. */
const strings = (value: unknown): string[] => {
  const items = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as unknown[]) : [];
  const kept = items.filter(
    (item): item is string => typeof item === 'string' && item.length > 0 && item.length <= MAX_ENTRY_LENGTH,
  );
  return [...new Set(kept)].slice(0, MAX_ENTRIES);
};

const KNOWN_ROLES: ReadonlySet<string> = new Set(ROLES);

/**
 * A verified token's claims as the principal the policy decides on. Role strings Casetrail does
 * not know are ignored: an issuer serves many applications, and their roles are not ours.
 *
 * kind: a token carrying the `service` role is a service account; everything else is a person.
 * (RFC 9068's `sub === client_id` cannot tell them apart for every issuer: Keycloak gives a
 * service account a user id of its own as `sub`, and the test personas are client-credentials
 * clients standing in for people.)
 */
export const principalFromClaims = (claims: Record<string, unknown>, paths: ClaimPaths): Principal => {
  const sub = claims.sub;
  if (typeof sub !== 'string' || !SUBJECT.test(sub))
    throw new AuthenticationError(
      'TOKEN_INVALID',
      'The token has no usable "sub" claim (1-255 visible ASCII characters)',
    );
  const roles = strings(claimAt(claims, paths.roles)).filter((role): role is Role => KNOWN_ROLES.has(role));
  return {
    id: sub,
    kind: roles.includes('service') ? 'service' : 'person',
    roles,
    teams: strings(claimAt(claims, paths.teams)),
    programs: strings(claimAt(claims, paths.programs)),
  };
};
