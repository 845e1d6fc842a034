import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import {
  authorizeCase,
  BREAK_THE_GLASS_ROLES,
  EMERGENCY_ACCESS_MINUTES,
  foldCase,
  scopeOf,
  type CaseEvent,
  type Recorded,
  type CaseReadAction,
  type CaseScope,
  type CaseState,
  type Role,
} from '@casetrail/domain';
import { EVENT_STORE, type EventStore, type StoredEvent } from '@casetrail/event-store';
import { AccessDeniedError } from './access-denied.error';
import { EmergencyGrants } from './emergency-grants.service';
import { AccessLog, accessContextOf } from './access-log.service';
import { principalOf } from './principal';

export const ACCESS_REASON_HEADER = 'x-access-reason';

export interface OpenedCase {
  /** The whole history, read once: the authorization and the answer come from the same read. */
  readonly history: readonly StoredEvent[];
  readonly state: CaseState;
  readonly scope: CaseScope;
  readonly role: Role;
}

/**
 * Opens one case's record for a read: decides against the case as its history stands now
 * (never a lagging read model), records the access, and only then hands the record over.
 */
@Injectable()
export class CaseReads {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AccessLog) private readonly accessLog: AccessLog,
    @Inject(EmergencyGrants) private readonly grants: EmergencyGrants,
  ) {}

  async open(request: Request, action: CaseReadAction, caseId: string): Promise<OpenedCase> {
    const principal = principalOf(request);
    const reason = reasonOf(request);
    const history = await this.store.readStream(caseId);
    const state = foldCase(history as readonly Recorded<CaseEvent>[]);
    const scope = scopeOf(state);
    let decision = authorizeCase(principal, action, caseId, scope, {
      reasonGiven: reason !== null,
      activeGrant: false,
    });
    let runningUntil: string | null = null;
    // Only someone who could break the glass, without a reason, on a case that exists, needs the grant lookup.
    if (
      !decision.allowed &&
      decision.status === 404 &&
      scope !== null &&
      reason === null &&
      principal.roles.some((role) => BREAK_THE_GLASS_ROLES.includes(role))
    ) {
      runningUntil = await this.grants.runningUntil(caseId, principal.id, new Date().toISOString());
      decision = authorizeCase(principal, action, caseId, scope, {
        reasonGiven: false,
        activeGrant: runningUntil !== null,
      });
    }
    const context = accessContextOf(request);
    if (!decision.allowed) {
      await this.accessLog.denied(context, decision, caseId, scope);
      throw new AccessDeniedError(decision);
    }
    const opened = { caseId, scope: scope! };
    // A reason opens a grant; a read under a running grant is recorded as emergency too, granting nothing new.
    const emergency = decision.emergency
      ? {
          reason,
          until:
            reason === null
              ? runningUntil
              : new Date(Date.now() + EMERGENCY_ACCESS_MINUTES * 60_000).toISOString(),
        }
      : null;
    await this.accessLog.granted(context, decision.role, [opened], emergency);
    return { history, state, scope: scope!, role: decision.role };
  }
}

const reasonOf = (request: Request): string | null => {
  const raw = request.header(ACCESS_REASON_HEADER);
  if (raw === undefined) return null;
  const reason = raw.trim();
  if (reason.length < 10 || reason.length > 500) {
    throw new BadRequestException({
      code: 'VALIDATION_FAILED',
      message: 'The access reason is invalid',
      errors: [
        {
          field: 'X-Access-Reason',
          rule: 'length',
          message: 'X-Access-Reason must say why, in 10 to 500 characters',
        },
      ],
    });
  }
  return reason;
};
