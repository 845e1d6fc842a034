import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import type { CasetrailConfig } from '@casetrail/platform';
import { AppModule } from './app.module';
import { ErrorFilter } from './http/error.filter';
import { acceptJsonBodies } from './http/json-body';
import { allowedMethodsOf } from './http/methods';
import { setUpOpenApi } from './http/openapi';
import { validationPipe } from './http/validation';

/** Builds the HTTP app for a configuration: used by main and by the e2e tests alike. */
export const createCaseApi = async (config: CasetrailConfig, options: { logger?: false } = {}) => {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), {
    bufferLogs: false,
    // Only JSON bodies: acceptJsonBodies registers the one parser (Nest would add urlencoded too).
    bodyParser: false,
    // A start-up failure (a lost master key, say) rejects with its own message instead of exiting here.
    abortOnError: false,
    ...(options.logger === false ? { logger: false } : {}),
  });
  return configureCaseApi(app, config);
};

/** Everything around the module: the edge's headers, the one body parser, validation, errors, docs. */
export const configureCaseApi = (app: NestExpressApplication, config: CasetrailConfig) => {
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
        'x-access-reason',
      ],
      exposedHeaders: ['etag', 'idempotent-replayed', 'location', 'retry-after', 'www-authenticate'],
      maxAge: 600,
    });
  acceptJsonBodies(app, '256kb');
  app.useGlobalPipes(validationPipe(config.agencyTimeZone));
  app.useGlobalFilters(new ErrorFilter(allowedMethodsOf(app)));
  // No enableShutdownHooks: main installs the graceful shutdown, which drains HTTP before closing the app.
  setUpOpenApi(app);
  return app;
};
