import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { CasetrailConfig } from '@casetrail/platform';
import { AccessModule } from '../access/access.module';
import { AuthorizationGuard } from '../access/authorization.guard';
import { AuthenticationGuard } from '../http/authentication.guard';
import { PrincipalThrottlerGuard } from '../http/throttling.guard';
import { IdentityModule } from './identity.module';

/**
 * The global guards, in the order they run: authentication, then the per-principal rate limit,
 * then authorization (the policy's function-level check). Nest runs APP_GUARD providers in the
 * order they are registered, so this list is the order.
 */
@Module({})
export class EdgeModule {
  static forRoot(config: CasetrailConfig): DynamicModule {
    const limit = config.http.rateLimitPerMinute;
    return {
      module: EdgeModule,
      imports: [
        IdentityModule.forRoot(config),
        AccessModule,
        ...(limit > 0
          ? [ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: 60_000, limit }] })]
          : []),
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        // RATE_LIMIT_PER_MINUTE=0: no limit (a deployment limiting at its gateway instead).
        ...(limit > 0 ? [{ provide: APP_GUARD, useClass: PrincipalThrottlerGuard }] : []),
        // After the limit: a flood of refused requests is throttled before each refusal is recorded.
        { provide: APP_GUARD, useClass: AuthorizationGuard },
      ],
      exports: [IdentityModule],
    };
  }
}
