import { randomUUID } from 'node:crypto';
import { formatTraceparent, nameBasedId, requestContextOf } from '@casetrail/platform';
import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { CommandMetadata } from '@casetrail/domain';
import { principalOf, routeOf, type AccessContext } from '../access/principal';

export const ACTOR_ID_HEADER = 'x-actor-id';
export const ACTOR_ROLE_HEADER = 'x-actor-role';
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export { CORRELATION_ID_HEADER } from '@casetrail/platform';

/** Header tokens (actor, idempotency key, correlation) are only ever values, never field names. */
const HEADER_TOKEN = /^[A-Za-z0-9._:@-]{1,128}$/;

/** The Idempotency-Key rule as the OpenAPI document states it. */
export const IDEMPOTENCY_KEY_SCHEMA = { type: 'string', pattern: HEADER_TOKEN.source } as const;

const header = (request: Request, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export interface RequestMetadata extends CommandMetadata {
  /** Present when the client sent an Idempotency-Key: lets a create derive its case id from it. */
  readonly idempotencyKey: string | null;
  /** Who asks and by which route: what the policy decides on and the access log records. */
  readonly access: AccessContext;
}

/**
 * The edge is where the clock is read and the actor established; the domain only ever sees
 * the result. The actor is the verified principal; its role here is provisional: the command
 * handler records the role the policy granted the action under.
 */
export const readMetadata = (request: Request): RequestMetadata => {
  const principal = principalOf(request);
  const key = header(request, IDEMPOTENCY_KEY_HEADER) ?? null;
  if (key !== null && !HEADER_TOKEN.test(key)) {
    throw new BadRequestException({
      code: 'IDEMPOTENCY_KEY_INVALID',
      message: 'Idempotency-Key must be 1-128 id characters',
    });
  }
  // The one the request's log lines carry: x-correlation-id when valid, else the request id.
  const { correlationId, trace } = requestContextOf(request);
  return {
    recordedAt: new Date().toISOString(),
    actor: { id: principal.id, role: principal.roles[0] ?? 'system' },
    correlationId,
    // The request's own span: what the publisher's and the projector's spans descend from.
    traceparent: formatTraceparent(trace),
    causationId: key ? nameBasedId(principal.id, request.method, request.path, key) : randomUUID(),
    // A decorator cannot reach the config: the command handler sets the agency's zone (AGENCY_TIME_ZONE).
    timeZone: 'UTC',
    idempotencyKey: key,
    access: { principal, route: routeOf(request), correlationId },
  };
};

export const Metadata = createParamDecorator((_: unknown, context: ExecutionContext) =>
  readMetadata(context.switchToHttp().getRequest<Request>()),
);
