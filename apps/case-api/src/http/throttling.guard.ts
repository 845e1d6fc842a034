import { HttpException, HttpStatus, Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { AuthenticatedRequest } from '../access/principal';

/**
 * Rate limit per principal: the token's subject, so callers behind one proxy do not share a
 * budget, and one budget across all routes (the stock guard counts per route). Falls back to
 * the address on @Public() routes. Registered after the authentication guard, so `principal`
 * is set by the time it runs; the stock guard has already set `Retry-After` when it throws.
 */
@Injectable()
export class PrincipalThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const { principal, ip } = request as unknown as AuthenticatedRequest;
    return Promise.resolve(principal ? `principal:${principal.id}` : `ip:${ip ?? 'unknown'}`);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new HttpException(
      {
        code: 'RATE_LIMITED',
        message: `More than ${detail.limit} requests in ${Math.round(detail.ttl / 1000)}s; retry after the Retry-After seconds`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
