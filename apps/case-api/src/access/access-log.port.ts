// Temporary seam until the access-log branch lands; replaced by its recorder and queries.
import type { Role } from '@casetrail/domain';

export type AccessOutcome = 'granted' | 'emergency' | 'denied';

export interface AccessEntry {
  /** The role acted under; null for a refused caller whose token carried no role we know. */
  readonly actor: { readonly id: string; readonly role: Role | null };
  readonly route: string;
  readonly outcome: AccessOutcome;
  readonly denial: string | null;
  readonly cases: readonly { caseId: string; teamId: string | null; programId: string | null }[];
  readonly reason: string | null;
  readonly emergencyUntil: string | null;
  readonly at: string;
  readonly correlationId: string;
}

export interface AccessRecorder {
  record(entry: AccessEntry): Promise<void>;
}
export const ACCESS_RECORDER = Symbol('AccessRecorder');

export interface EmergencyGrants {
  activeGrant(caseId: string, actorId: string, now: string): Promise<boolean>;
}
export const EMERGENCY_GRANTS = Symbol('EmergencyGrants');
