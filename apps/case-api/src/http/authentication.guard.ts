import { HttpException, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../access/principal';
import { AuthenticationError, type Authenticator } from '@casetrail/identity';
import { AUTHENTICATOR } from '../identity/identity.module';
import { IS_PUBLIC } from './public.decorator';

/**
 * Global guard, first of all: every route but the @Public() ones needs a verified bearer token.
 * `x-actor-*` headers mean nothing any more. A failure is 401 with RFC 6750's challenge (503 when
 * the issuer's keys cannot be fetched, since the token may well be good).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    @Inject(AUTHENTICATOR) private readonly authenticator: Authenticator,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    try {
      request.principal = await this.authenticator.authenticate(request.headers.authorization);
      return true;
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      const response = http.getResponse<Response>();
      if (error.status === 401) {
        const challenge =
          error.code === 'TOKEN_MISSING'
            ? 'Bearer'
            : `Bearer error="invalid_token", error_description="${error.message.replace(/["\\]/g, "'")}"`;
        response.setHeader('WWW-Authenticate', challenge);
      } else response.setHeader('Retry-After', '5');
      throw new HttpException({ code: error.code, message: error.message }, error.status);
    }
  }
}
