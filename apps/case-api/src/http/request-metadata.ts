import { createHash, randomUUID } from 'node:crypto';
import {
  BadRequestException,
  createParamDecorator,
  UnauthorizedException,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { ACTOR_ROLES, type ActorRole, type CommandMetadata } from '@casetrail/domain';

export const ACTOR_ID_HEADER = 'x-actor-id';
export const ACTOR_ROLE_HEADER = 'x-actor-role';
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** Header tokens (actor, idempotency key, correlation) are only ever values, never field names. */
const HEADER_TOKEN = /^[A-Za-z0-9._:@-]{1,128}$/;

/** A stable UUID-shaped id from a name: the same retried request always maps to the same command. */
export const nameBasedId = (...parts: string[]): string => {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

const header = (request: Request, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export interface RequestMetadata extends CommandMetadata {
  /** Present when the client sent an Idempotency-Key: lets a create derive its case id from it. */
  readonly idempotencyKey: string | null;
}

/**
 * The edge is where the clock is read and the actor established; the domain only
 * ever sees the result. Real authentication replaces the headers later; the
 * metadata it produces stays the same.
 */
export const readMetadata = (request: Request): RequestMetadata => {
  const actorId = header(request, ACTOR_ID_HEADER);
  const role = header(request, ACTOR_ROLE_HEADER) ?? 'case_manager';
  if (!actorId || !HEADER_TOKEN.test(actorId)) {
    throw new UnauthorizedException({
      code: 'ACTOR_REQUIRED',
      message: `Every request must name its actor in the ${ACTOR_ID_HEADER} header (1-128 of A-Z a-z 0-9 . _ : @ -)`,
    });
  }
  if (!(ACTOR_ROLES as readonly string[]).includes(role)) {
    throw new UnauthorizedException({
      code: 'ACTOR_ROLE_INVALID',
      message: `${ACTOR_ROLE_HEADER} must be one of ${ACTOR_ROLES.join(', ')}`,
    });
  }
  const key = header(request, IDEMPOTENCY_KEY_HEADER) ?? null;
  if (key !== null && !HEADER_TOKEN.test(key)) {
    throw new BadRequestException({
      code: 'IDEMPOTENCY_KEY_INVALID',
      message: 'Idempotency-Key must be 1-128 id characters',
    });
  }
  const correlation = header(request, CORRELATION_ID_HEADER);
  return {
    recordedAt: new Date().toISOString(),
    actor: { id: actorId, role: role as ActorRole },
    correlationId: correlation && HEADER_TOKEN.test(correlation) ? correlation : randomUUID(),
    causationId: key ? nameBasedId(actorId, request.method, request.path, key) : randomUUID(),
    idempotencyKey: key,
  };
};

export const Metadata = createParamDecorator((_: unknown, context: ExecutionContext) =>
  readMetadata(context.switchToHttp().getRequest<Request>()),
);
