import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { CASE_READ_ACTIONS, permits, type Action, type CaseReadAction } from '@casetrail/domain';
import { AccessDeniedError } from './access-denied.error';
import { IS_PUBLIC } from '../http/public.decorator';
import { ACCESS_ACTION } from './access.decorator';
import { AccessLog, accessContextOf } from './access-log.service';
import { ACCESS_REASON_HEADER } from './case-reads.service';
import { principalOf } from './principal';

/**
 * Function level, before anything is read: may the caller's roles ever perform this
 * route's action? The answer is the same for every id, so it tells nothing about a case.
 * Object-level checks (which case, which slice) follow where the record is known.
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AccessLog) private readonly accessLog: AccessLog,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const principal = principalOf(request);
    const action = this.reflector.getAllAndOverride<Action | undefined>(ACCESS_ACTION, targets);
    if (action === undefined) {
      throw new AccessDeniedError({
        allowed: false,
        status: 403,
        code: 'NO_POLICY',
        message: 'This route has no policy entry',
      });
    }
    if (principal.roles.length === 0) {
      // Nothing to record it under (see AccessLog.denied); the answer says what is missing.
      throw new AccessDeniedError({
        allowed: false,
        status: 403,
        code: 'ROLE_REQUIRED',
        message: 'The token carries no Casetrail role, so it may not act on anything',
      });
    }
    if (permits(principal, action) !== null) return true;
    // Emergency reads are decided once the case is known; everything else stops here.
    if (isCaseRead(action) && request.header(ACCESS_REASON_HEADER) !== undefined) return true;
    const denial = {
      allowed: false as const,
      status: 403 as const,
      code: 'ACTION_NOT_PERMITTED',
      message: `Your roles do not allow ${action}`,
    };
    await this.accessLog.denied(accessContextOf(request), denial, caseIdOf(request));
    throw new AccessDeniedError(denial);
  }
}

const caseIdOf = (request: Request): string | null => {
  const params = request.params as Record<string, unknown>;
  return typeof params.caseId === 'string' ? params.caseId : null;
};

const isCaseRead = (action: Action): action is CaseReadAction =>
  (CASE_READ_ACTIONS as readonly Action[]).includes(action);
