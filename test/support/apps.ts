import { randomUUID } from 'node:crypto';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, type CasetrailConfig } from '@casetrail/platform';
import { createCaseApi } from '../../apps/case-api/src/bootstrap';
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
    ...overrides,
  });
};

export const startApi = async (config: CasetrailConfig): Promise<{ app: INestApplication; url: string }> => {
  const app = await createCaseApi(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}` };
};

export const startProjector = (config: CasetrailConfig): Promise<INestApplicationContext> =>
  NestFactory.createApplicationContext(ProjectorAppModule.forConfig(config), { logger: false });
