import { Logger } from '@nestjs/common';
import { DEV_ISSUER } from '@casetrail/identity';
import {
  createLogger,
  installGracefulShutdown,
  installTracing,
  loadConfig,
  logStartupFailure,
  mongoHostsOf,
  prepareMasterKey,
} from '@casetrail/platform';
import { createCaseApi } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const root = createLogger(config.observability.logLevel, 'case-api');
  // Off by default (OTEL_TRACES_EXPORTER=none): then no span is made and nothing is exported.
  installTracing(config, root);
  // The same logger as the app's, so these lines come first and in the same JSON form.
  const pinoLogger = root.child({ context: 'Casetrail' });
  const logger = {
    log: (message: string) => pinoLogger.info(message),
    warn: (message: string) => pinoLogger.warn(message),
  };
  // Before anything else: a key made now must be noticed, and kept somewhere other than the data dir.
  const master = prepareMasterKey(config);
  if (master.created)
    logger.warn(
      `Made a new master key in ${master.path ?? config.dataDir} (first start): every client's data key is wrapped by it. ` +
        'Keep a copy apart from the data dir (a backup of both together protects nothing); without it no client data opens again',
    );
  // First line: whose tokens are trusted. Then which mode, and where the data lives.
  const { issuer, audience, devIssuerKeyFile } = config.identity;
  if (issuer !== null)
    logger.log(`Trusting access tokens from the OpenID issuer ${issuer} for audience ${audience}`);
  else if (config.mode === 'embedded')
    logger.log(
      `Trusting only the development issuer ${DEV_ISSUER} (key ${devIssuerKeyFile}); mint a token with: npm run -s casetrail -- token --sub <id> --role <role>`,
    );
  else
    logger.warn(
      `OIDC_ISSUER IS NOT SET: trusting only the development issuer ${DEV_ISSUER} (key ${devIssuerKeyFile}). ` +
        'Anyone who can read that file can mint any role. Set OIDC_ISSUER and OIDC_AUDIENCE in production.',
    );
  logger.log(
    config.mode === 'embedded'
      ? `Embedded mode: events journaled in ${config.dataDir}, delivered in process, read models in memory`
      : `External mode: MongoDB ${mongoHostsOf(config.mongo.uri)} (database ${config.mongo.database}), Kafka ${config.kafka.brokers.join(',')} topic ${config.kafka.topic}`,
  );
  const app = await createCaseApi(config, { logger: root });
  await app.listen(config.port, config.host);
  installGracefulShutdown(app, { drainMs: config.shutdown.drainMs, logger: new Logger('Shutdown') });
  logger.log(`Case API on http://${config.host}:${config.port} (OpenAPI at /docs)`);
}

main().catch((error: unknown) => {
  logStartupFailure(error, 'case-api');
  process.exit(1);
});
