import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Request } from 'express';
import type { AccessEntry, CaseScope, Denial, Role } from '@casetrail/domain';
import type { AccessRecorder } from '@casetrail/event-store';
import { ACCESS_RECORDER, METRICS, requestContextOf, type CasetrailMetrics } from '@casetrail/platform';
import { ID_PATTERN } from '../http/fields';
import { principalOf, routeOf, type AccessContext } from './principal';

export interface AccessedCase {
  readonly caseId: string;
  readonly scope: CaseScope | null;
}

/** The request's correlation id (x-correlation-id, else its request id), as its log lines carry it. */
export const accessContextOf = (request: Request): AccessContext => ({
  principal: principalOf(request),
  route: routeOf(request),
  correlationId: requestContextOf(request).correlationId,
});

/**
 * Records who read which client records, by which route and why, before the answer
 * leaves: the caller awaits it, and a failure to record fails the read (503).
 */
@Injectable()
export class AccessLog {
  private readonly logger = new Logger('AccessLog');

  constructor(
    @Inject(ACCESS_RECORDER) private readonly recorder: Pick<AccessRecorder, 'record'>,
    @Optional() @Inject(METRICS) private readonly metrics: CasetrailMetrics | null = null,
  ) {}

  private record(entry: AccessEntry): Promise<void> {
    if (!this.metrics) return this.recorder.record(entry);
    return this.metrics.time(this.metrics.accessLogWriteDuration, () => this.recorder.record(entry));
  }

  granted(
    context: AccessContext,
    role: Role,
    cases: readonly AccessedCase[],
    emergency: { reason: string | null; until: string | null } | null = null,
  ): Promise<void> {
    return this.record(
      entry(context, role, cases, {
        outcome: emergency ? 'emergency' : 'granted',
        denial: null,
        reason: emergency?.reason ?? null,
        emergencyUntil: emergency?.until ?? null,
      }),
    );
  }

  /** A refused attempt, listed in the case's access log when it names a case. */
  async denied(
    context: AccessContext,
    denial: Denial,
    caseId: string | null,
    scope: CaseScope | null = null,
  ): Promise<void> {
    // A path id is not validated before the guards run: only a well-formed one is kept.
    const cases =
      caseId !== null && caseId.length <= 128 && ID_PATTERN.test(caseId) ? [{ caseId, scope }] : [];
    const role = context.principal.roles[0];
    if (role === undefined) {
      // No role, no authority to record it under, and nothing reached. Ids only, never client data.
      this.logger.warn(
        `Refused ${context.route} to ${context.principal.id}: the token carries no Casetrail role`,
      );
      return;
    }
    return this.record(
      entry(context, role, cases, {
        outcome: 'denied',
        denial: denial.code,
        reason: null,
        emergencyUntil: null,
      }),
    );
  }
}

const entry = (
  context: AccessContext,
  role: Role,
  cases: readonly AccessedCase[],
  rest: Pick<AccessEntry, 'outcome' | 'denial' | 'reason' | 'emergencyUntil'>,
): AccessEntry => ({
  actor: { id: context.principal.id, role },
  route: context.route,
  cases: cases.map(({ caseId, scope }) => ({
    caseId,
    teamId: scope?.teamId ?? null,
    programId: scope?.programId ?? null,
  })),
  at: new Date().toISOString(),
  correlationId: context.correlationId,
  ...rest,
});
