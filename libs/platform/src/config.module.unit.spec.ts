import { Test } from '@nestjs/testing';
import { ConfigService } from '@nestjs/config';
import { loadConfig } from './config';
import {
  CASETRAIL_CONFIG_KEY,
  casetrailConfigModule,
  validateEnvironment,
  type CasetrailConfigService,
} from './config.module';

describe('@nestjs/config carrying the typed configuration', () => {
  it('serves a configuration already loaded through ConfigService', async () => {
    const config = loadConfig({ PORT: '4321', LOG_LEVEL: 'warn' });
    const moduleRef = await Test.createTestingModule({ imports: [casetrailConfigModule(config)] }).compile();
    const service = moduleRef.get<CasetrailConfigService>(ConfigService);
    expect(service.get(CASETRAIL_CONFIG_KEY, { infer: true })).toBe(config);
  });

  it('validates an environment with the schema, stopping on a wrong value', () => {
    expect(validateEnvironment({ PUBLISHER_ENABLED: '0' })[CASETRAIL_CONFIG_KEY].publisher.enabled).toBe(
      false,
    );
    expect(() => validateEnvironment({ PUBLISHER_ENABLED: 'maybe' })).toThrow(
      /PUBLISHER_ENABLED must be true or false/,
    );
  });
});
