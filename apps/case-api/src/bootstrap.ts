import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import {
  createLogger,
  loggingModule,
  requestContextMiddleware,
  httpSpanMiddleware,
  type CasetrailConfig,
} from '@casetrail/platform';
import { AppModule } from './app.module';
import { ErrorFilter } from './http/error.filter';
import { acceptJsonBodies } from './http/json-body';
import { allowedMethodsOf } from './http/methods';
import { setUpOpenApi } from './http/openapi';
import { validationPipe } from './http/validation';

/** The app with its JSON logs: the request logger and every Nest logger through one pino logger. */
@Module({})
class LoggedCaseApiModule {
  static forConfig(config: CasetrailConfig, logger: Logger): DynamicModule {
    return { module: LoggedCaseApiModule, imports: [loggingModule(logger), AppModule.forConfig(config)] };
  }
}

/**
 * Builds the HTTP app for a configuration: used by main and by the e2e tests alike. `logger: false`
 * (tests in process) logs nothing; else `logger` (main's, so its first lines and the app's share one
 * stream) or a new one at LOG_LEVEL.
 */
export const createCaseApi = async (config: CasetrailConfig, options: { logger?: false | Logger } = {}) => {
  const logging =
    options.logger === false
      ? null
      : (options.logger ?? createLogger(config.observability.logLevel, 'case-api'));
  const app = await NestFactory.create<NestExpressApplication>(
    logging ? LoggedCaseApiModule.forConfig(config, logging) : AppModule.forConfig(config),
    {
      // Lines logged while the modules start wait for pino, so they are JSON too.
      bufferLogs: logging !== null,
      // Only JSON bodies: acceptJsonBodies registers the one parser (Nest would add urlencoded too).
      bodyParser: false,
      // A start-up failure (a lost master key, say) rejects with its own message instead of exiting here.
      abortOnError: false,
      ...(logging ? {} : { logger: false }),
    },
  );
  if (logging) app.useLogger(app.get(PinoNestLogger));
  return configureCaseApi(app, config);
};

/** Everything around the module: the edge's headers, the one body parser, validation, errors, docs. */
export const configureCaseApi = (app: NestExpressApplication, config: CasetrailConfig) => {
  // First: the request's ids are fixed and echoed before any parser or guard can refuse it.
  app.use(requestContextMiddleware);
  app.use(httpSpanMiddleware);
  app.use(helmet());
  // No origins configured: no CORS headers at all, so browsers on other origins are refused.
  if (config.http.corsOrigins.length > 0)
    app.enableCors({
      origin: [...config.http.corsOrigins],
      methods: ['GET', 'POST'],
      allowedHeaders: [
        'authorization',
        'content-type',
        'if-match',
        'idempotency-key',
        'x-correlation-id',
        'x-request-id',
        'traceparent',
        'x-access-reason',
      ],
      exposedHeaders: [
        'etag',
        'idempotent-replayed',
        'location',
        'retry-after',
        'www-authenticate',
        'x-request-id',
        'x-correlation-id',
        'traceparent',
      ],
      maxAge: 600,
    });
  acceptJsonBodies(app, '256kb');
  app.useGlobalPipes(validationPipe(config.agencyTimeZone));
  app.useGlobalFilters(new ErrorFilter(allowedMethodsOf(app)));
  // No enableShutdownHooks: main installs the graceful shutdown, which drains HTTP before closing the app.
  setUpOpenApi(app);
  return app;
};
