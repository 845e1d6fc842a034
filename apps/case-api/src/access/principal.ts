import { UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from '@casetrail/domain';

/** Set by the authentication guard on every route that is not public. */
export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

export const principalOf = (request: Request): Principal => {
  const principal = (request as AuthenticatedRequest).principal;
  // Only reachable if a route escaped the authentication guard: refuse rather than guess.
  if (!principal)
    throw new UnauthorizedException({ code: 'TOKEN_MISSING', message: 'A bearer token is required' });
  return principal;
};

/** The route as a pattern (`GET /cases/:caseId/timeline`): what the access log records, never the ids. */
export const routeOf = (request: Request): string => {
  const route = (request as { route?: { path?: unknown } }).route;
  const path = typeof route?.path === 'string' ? route.path : request.path;
  return `${request.method} ${path}`;
};

/** Who asks, by which route, in which request: what every access record starts from. */
export interface AccessContext {
  readonly principal: Principal;
  readonly route: string;
  readonly correlationId: string;
}
