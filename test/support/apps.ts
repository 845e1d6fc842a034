import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, type CasetrailConfig } from '@casetrail/platform';
export { startApi } from '../../apps/case-api/src/testing/api-harness';
import { ProjectorAppModule } from '../../apps/projector/src/projector-app.module';

/** External-mode configuration isolated per test file: its own database, topics and consumer groups. */
export const isolatedExternalConfig = (overrides: NodeJS.ProcessEnv = {}): CasetrailConfig => {
  const id = randomUUID().slice(0, 8);
  return loadConfig({
    ...process.env,
    MONGODB_DATABASE: `ct_e2e_${id}`,
    KAFKA_TOPIC: `ct-e2e-${id}`,
    KAFKA_ACCESS_TOPIC: `ct-e2e-access-${id}`,
    PROJECTOR_GROUP: `ct-e2e-projector-${id}`,
    PUBLISHER_IDLE_MS: '50',
    // External mode never makes a master key: each test file gets its own, as an agency would from its KMS.
    CASETRAIL_MASTER_KEY: randomBytes(32).toString('base64'),
    ...overrides,
  });
};

export const startProjector = (config: CasetrailConfig): Promise<INestApplicationContext> =>
  NestFactory.createApplicationContext(ProjectorAppModule.forConfig(config), { logger: false });
