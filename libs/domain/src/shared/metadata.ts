/**
 * Everything a decision needs from outside the domain arrives here, so that
 * deciding is a pure function: the clock, the acting user and the trace ids.
 */
export type ActorRole = 'case_manager' | 'supervisor' | 'intake_worker' | 'administrator' | 'system';

export const ACTOR_ROLES: readonly ActorRole[] = [
  'case_manager',
  'supervisor',
  'intake_worker',
  'administrator',
  'system',
];

export interface Actor {
  readonly id: string;
  readonly role: ActorRole;
}

export interface CommandMetadata {
  /** When the system learned of it: the request's arrival, read once at the edge. */
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
}
