import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { installGracefulShutdown, loadConfig } from '@casetrail/platform';
import { ProjectorAppModule } from './projector-app.module';

/** EX_SOFTWARE: the supervisor's cue to restart the projector. */
const EXIT_STALLED = 70;

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
  // An HTTP app only for its probes (and metrics) on PROJECTOR_PORT: no body parser, nothing else.
  const app = await NestFactory.create(
    ProjectorAppModule.forConfig(config, {
      // Never alive and idle: a consumer that no retry brought back ends the process, and the
      // supervisor starts a fresh one, which joins the group anew and goes on from the committed offsets.
      onStall: () => process.exit(EXIT_STALLED),
    }),
    { bodyParser: false },
  );
  await app.listen(config.projector.port, config.host);
  new Logger('Casetrail').log(
    `Projector health on http://${config.host}:${config.projector.port}/health/ready`,
  );
  installGracefulShutdown(app, { drainMs: config.shutdown.drainMs, logger: new Logger('Shutdown') });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
