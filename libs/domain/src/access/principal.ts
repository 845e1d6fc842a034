import type { Role } from '../shared/metadata';

/**
 * Who is calling, as a verified token says: a person, or a service account (a
 * client-credentials token). Built at the edge from the token's claims; the policy
 * decides on nothing else.
 */
export interface Principal {
  /** The token's `sub`: the id that goes on every event and access record. */
  readonly id: string;
  readonly kind: 'person' | 'service';
  readonly roles: readonly Role[];
  /** Teams the principal belongs to (a supervisor supervises these). */
  readonly teams: readonly string[];
  /** Programs the principal works in (an intake worker's and a program manager's scope). */
  readonly programs: readonly string[];
}
