import type { ApprovalKind } from './approvals';
import type { VocabularyCatalog } from '../vocabularies/vocabulary-kinds';
import type { FormDefinition } from '../forms/form-definition';
/**
 * Everything a decision needs from outside the domain arrives here, so that
 * deciding is a pure function: the clock, the acting user and the trace ids.
 */

/** The roles a verified token can carry. The policy (`access/policy.ts`) says what each may do. */
// Appended to, never reordered: the envelope schema lists them in this order.
export const ROLES = [
  'case_manager',
  'supervisor',
  'intake_worker',
  'administrator',
  'program_manager',
  'analyst',
  'auditor',
  'service',
] as const;
export type Role = (typeof ROLES)[number];

/** On an event: the role under which the action was allowed; `system` for the system's own work. */
export type ActorRole = Role | 'system';

export const ACTOR_ROLES: readonly ActorRole[] = [...ROLES, 'system'];

export interface Actor {
  /** The user (a staff member's id) or service account that acted; `system` work has the system's own id. */
  readonly id: string;
  /** The role under which the action was allowed (`system` for the system's own work). */
  readonly role: ActorRole;
}

export interface CommandMetadata {
  /** When the system learned of it: the request's arrival, read once at the edge. */
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  /** The trace context of the request (W3C `traceparent`), kept on the events beside the correlation id. */
  readonly traceparent?: string;
  /**
   * The agency's time zone (IANA name, from AGENCY_TIME_ZONE): "the day something happened" and the
   * moment a calendar date begins are counted there.
   */
  readonly timeZone: string;
  /**
   * What the case's program requires a supervisor to approve (PROGRAM_APPROVALS), put here by the
   * command handler from the configuration; absent or empty: nothing needs approval.
   */
  readonly approvalsRequired?: readonly ApprovalKind[];
  /**
   * The agency's vocabularies in force (their streams, read by the command handler): a code a
   * command names must be in one and not retired. Absent: the built-in defaults.
   */
  readonly vocabulary?: VocabularyCatalog;
  /**
   * The versions in force of the case's program's forms (each form's latest), read by the command
   * handler from the forms' streams; absent or empty: the program has no forms. The answers a
   * command carries are validated against these, and the events name the version.
   */
  readonly formsInForce?: readonly FormDefinition[];
}
