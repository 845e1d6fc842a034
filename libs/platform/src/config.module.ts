import { ConfigModule, ConfigService } from '@nestjs/config';
import type { DynamicModule } from '@nestjs/common';
import { loadConfig, type CasetrailConfig } from './config';

/** Where ConfigService holds the typed configuration: `config.get('casetrail', { infer: true })`. */
export const CASETRAIL_CONFIG_KEY = 'casetrail';

export interface CasetrailEnvironment {
  readonly [CASETRAIL_CONFIG_KEY]: CasetrailConfig;
}

export type CasetrailConfigService = ConfigService<CasetrailEnvironment, true>;

/** ConfigModule's `validate`: the whole environment through the schema, or start-up stops naming the variable. */
export const validateEnvironment = (env: Record<string, unknown>): CasetrailEnvironment => ({
  [CASETRAIL_CONFIG_KEY]: loadConfig(
    Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string')),
  ),
});

/**
 * `@nestjs/config` carrying the typed configuration. No `.env` file is read (README says why). Given a
 * configuration already loaded (the apps' main.ts and every test load theirs from an env of their
 * choosing), that one is served and process.env is not read again; without one, process.env goes
 * through `validateEnvironment`.
 */
export const casetrailConfigModule = (config?: CasetrailConfig): Promise<DynamicModule> =>
  ConfigModule.forRoot({
    isGlobal: true,
    ignoreEnvFile: true,
    ...(config
      ? {
          validatePredefined: false,
          validate: (): CasetrailEnvironment => ({ [CASETRAIL_CONFIG_KEY]: config }),
        }
      : { validate: validateEnvironment }),
  });
