import { Logger } from '@nestjs/common';
import { loadConfig } from '@casetrail/platform';
import { createCaseApi } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new Logger('Casetrail');
  // First line: which mode, and where the data lives.
  logger.log(
    config.mode === 'embedded'
      ? `Embedded mode: events journaled in ${config.dataDir}, delivered in process, read models in memory`
      : `External mode: MongoDB ${config.mongo.uri} (database ${config.mongo.database}), Kafka ${config.kafka.brokers.join(',')} topic ${config.kafka.topic}`,
  );
  const app = await createCaseApi(config);
  await app.listen(config.port, config.host);
  logger.log(`Case API on http://${config.host}:${config.port} (OpenAPI at /docs)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
