import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { Logger as PinoLogger } from 'pino';
import {
  createLogger,
  installGracefulShutdown,
  installTracing,
  loadConfig,
  loggingModule,
  logStartupFailure,
  type CasetrailConfig,
} from '@casetrail/platform';
import { ConfigurationError } from '@casetrail/identity';
import { ProjectorAppModule } from './projector-app.module';
import type { StallWatchOptions } from './stall-watch';

/** EX_SOFTWARE: the supervisor's cue to restart the projector. */
const EXIT_STALLED = 70;

/**
 * The projector with its JSON logs: every Nest logger (and kafkajs's) through one pino logger. Its
 * probe requests are not logged line by line (`http: false`): an orchestrator asks every few seconds.
 */
@Module({})
class LoggedProjectorModule {
  static forConfig(
    config: CasetrailConfig,
    logger: PinoLogger,
    stallWatch: StallWatchOptions,
  ): DynamicModule {
    return {
      module: LoggedProjectorModule,
      imports: [loggingModule(logger, { http: false }), ProjectorAppModule.forConfig(config, stallWatch)],
    };
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.mode === 'embedded') {
    // Embedded read models live inside the API process; a separate projector would have nothing to feed.
    throw new ConfigurationError([
      'KAFKA_BROKERS and MONGODB_URI are not set: the projector app needs both; embedded mode runs it inside case-api',
    ]);
  }
  const logger = createLogger(config.observability.logLevel, 'projector');
  installTracing(config, logger);
  logger.info(
    { context: 'Casetrail' },
    `Projector: Kafka ${config.kafka.brokers.join(',')} -> MongoDB ${config.mongo.database}`,
  );
  // An HTTP app only for its probes and metrics on PROJECTOR_PORT: no body parser, nothing else.
  const app = await NestFactory.create(
    LoggedProjectorModule.forConfig(config, logger, {
      // Never alive and idle: a consumer that no retry brought back ends the process, and the
      // supervisor starts a fresh one, which joins the group anew and goes on from the committed offsets.
      onStall: () => process.exit(EXIT_STALLED),
    }),
    { bodyParser: false, bufferLogs: true },
  );
  app.useLogger(app.get(PinoNestLogger));
  await app.listen(config.projector.port, config.host);
  new Logger('Casetrail').log(
    `Projector health on http://${config.host}:${config.projector.port}/health/ready`,
  );
  installGracefulShutdown(app, { drainMs: config.shutdown.drainMs, logger: new Logger('Shutdown') });
}

main().catch((error: unknown) => {
  logStartupFailure(error, 'projector');
  process.exit(1);
});
