import {
  authorizeCase,
  DomainError,
  foldCase,
  scopeOf,
  type CaseEvent,
  type Recorded,
  type Role,
} from '@casetrail/domain';
import type { EventStore } from '@casetrail/event-store';
import type { ClientIdentity, Protection } from '@casetrail/protection';
import type { AccessLog, AccessedCase } from '../access/access-log.service';
import type { AccessContext } from '../access/principal';

/** What `POST /cases` says about the duplicate check: linked to a known client, or checked. */
export interface IntakeCheck {
  /** The body named the client (`clientId`): no check, the caller chose who it is. */
  readonly linkedClient: boolean;
  /** The case ids the caller was shown and says are someone else (`duplicateCheck.confirmedNewAfter`). */
  readonly confirmedNewAfter?: readonly string[];
}

/** A case of a likely match that the caller may read: its ids only, nothing of the person. */
export interface DuplicateCandidate {
  readonly caseId: string;
  readonly caseNumber: string;
}

/**
 * Before a new client's first case: the clients the blind index finds likely to be the same person.
 * The answer names only cases the caller may read (case id and number, no name, no date); cases it
 * may not read are a count, so that intake knows to ask a supervisor rather than open a second
 * record for a person the agency already serves, without learning which program serves them.
 * Every case named is recorded in the access log as a read. Throws POSSIBLE_DUPLICATE (409) unless
 * the caller confirmed every case it may see; answers nothing for a client with no likely match.
 */
export const checkForDuplicates = async (
  deps: { readonly protection: Protection; readonly store: EventStore; readonly accessLog: AccessLog },
  access: AccessContext,
  asked: { readonly caseId: string; readonly clientId: string; readonly identity: ClientIdentity },
  check: IntakeCheck,
): Promise<void> => {
  if (check.linkedClient) return;
  const found = await deps.protection.findLikelyDuplicates(asked.identity);
  const candidates: DuplicateCandidate[] = [];
  let notVisible = 0;
  const readable = new Map<Role, AccessedCase[]>();
  for (const { clientId, caseIds } of found) {
    // A retried engagement finds its own client (the id comes from the Idempotency-Key).
    if (clientId === asked.clientId) continue;
    for (const caseId of caseIds) {
      if (caseId === asked.caseId) continue;
      const state = foldCase((await deps.store.readStream(caseId)) as readonly Recorded<CaseEvent>[]);
      // Registered before a first append that then failed: no case.
      if (state.status === 'initial') continue;
      const scope = scopeOf(state);
      const decision = authorizeCase(access.principal, 'case.read', caseId, scope);
      if (!decision.allowed || scope === null) {
        notVisible++;
        continue;
      }
      candidates.push({ caseId, caseNumber: state.caseNumber });
      readable.set(decision.role, [...(readable.get(decision.role) ?? []), { caseId, scope }]);
    }
  }
  if (candidates.length === 0 && notVisible === 0) return;
  for (const [role, cases] of readable) await deps.accessLog.granted(access, role, cases);
  const confirmed = check.confirmedNewAfter;
  if (confirmed !== undefined && candidates.every((c) => confirmed.includes(c.caseId))) return;
  const unconfirmed = candidates.filter((c) => !confirmed?.includes(c.caseId)).map((c) => c.caseId);
  throw new DomainError(
    'POSSIBLE_DUPLICATE',
    confirmed === undefined
      ? 'This client is likely already known: link the case to the client (clientId) or confirm a new client (duplicateCheck.confirmedNewAfter naming every candidate case)'
      : `The confirmation leaves out candidate cases: ${unconfirmed.join(', ')}`,
    { candidates, notVisible, ...(confirmed === undefined ? {} : { unconfirmed }) },
  );
};
