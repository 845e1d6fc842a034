import { createHash, randomUUID } from 'node:crypto';
import {
  BadRequestException,
  createParamDecorator,
  ForbiddenException,
  UnauthorizedException,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import type { CommandMetadata, Principal } from '@casetrail/domain';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** Header tokens (idempotency key, correlation) are only ever values, never field names. */
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
 * The edge is where the clock is read and the actor established; the domain only ever sees the
 * result. The actor is the principal the AuthenticationGuard verified from the bearer token.
 * Its role here is provisional (the token's first Casetrail role): the authorization policy
 * replaces it with the role it granted the action under.
 */
export const readMetadata = (request: Request & { principal?: Principal }): RequestMetadata => {
  const principal = request.principal;
  if (!principal) {
    // Only a route wrongly marked @Public() can get here: never let it act anonymously.
    throw new UnauthorizedException({ code: 'TOKEN_MISSING', message: 'This route needs a bearer token' });
  }
  const role = principal.roles[0];
  if (role === undefined) {
    throw new ForbiddenException({
      code: 'ROLE_REQUIRED',
      message: 'The token carries no Casetrail role, so it may not act on anything',
    });
  }
  const actorId = principal.id;
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
    actor: { id: actorId, role },
    correlationId: correlation && HEADER_TOKEN.test(correlation) ? correlation : randomUUID(),
    causationId: key ? nameBasedId(actorId, request.method, request.path, key) : randomUUID(),
    idempotencyKey: key,
  };
};

export const Metadata = createParamDecorator((_: unknown, context: ExecutionContext) =>
  readMetadata(context.switchToHttp().getRequest<Request>()),
);
