import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@casetrail/platform';
import { ProjectorAppModule } from './projector-app.module';

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.mode === 'embedded') {
    // Embedded read models live inside the API process; a separate projector would have nothing to feed.
    throw new Error(
      'The projector app needs KAFKA_BROKERS and MONGODB_URI; embedded mode runs it inside case-api',
    );
  }
  new Logger('Casetrail').log(
    `Projector: Kafka ${config.kafka.brokers.join(',')} -> MongoDB ${config.mongo.database}`,
  );
  const app = await NestFactory.createApplicationContext(ProjectorAppModule.forConfig(config));
  app.enableShutdownHooks();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
