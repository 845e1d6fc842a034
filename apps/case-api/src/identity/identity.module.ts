import { Module, type DynamicModule } from '@nestjs/common';
import { createAuthenticator, type Authenticator, type TrustedIssuer } from '@casetrail/identity';
import type { CasetrailConfig } from '@casetrail/platform';

/** Injection token of the `Authenticator` (bearer header -> verified `Principal`). */
export const AUTHENTICATOR = Symbol('Authenticator');
/** Injection token of the `TrustedIssuer`: which issuer, and for the dev issuer its key. */
export const TRUSTED_ISSUER = Symbol('TrustedIssuer');

const IDENTITY = Symbol('Identity');

@Module({})
export class IdentityModule {
  static forRoot(config: CasetrailConfig): DynamicModule {
    return {
      module: IdentityModule,
      global: true,
      providers: [
        { provide: IDENTITY, useFactory: () => createAuthenticator(config.identity) },
        {
          provide: AUTHENTICATOR,
          useFactory: (identity: { authenticator: Authenticator }) => identity.authenticator,
          inject: [IDENTITY],
        },
        {
          provide: TRUSTED_ISSUER,
          useFactory: (identity: { trusted: TrustedIssuer }) => identity.trusted,
          inject: [IDENTITY],
        },
      ],
      exports: [AUTHENTICATOR, TRUSTED_ISSUER],
    };
  }
}
