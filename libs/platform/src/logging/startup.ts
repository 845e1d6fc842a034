import { ConfigurationError } from '@casetrail/identity';
import type { DestinationStream, Logger } from 'pino';
import { createLogger } from './logger';

/**
 * Where a MongoDB connection string points, without what it carries: the hosts only, never the
 * user name, the password or the options (an option may hold a secret too, e.g. a key file path).
 */
export const mongoHostsOf = (uri: string): string => {
  const match = /^mongodb(?:\+srv)?:\/\/(?:[^@/?#]*@)?([^/?#]*)/i.exec(uri.trim());
  return match?.[1] || '(unparsed URI)';
};

/**
 * The one line a process that cannot start writes before it exits: JSON at level fatal, naming
 * the error's kind (`err.type`, with `err.code` when it has one) and where (stack frames). A configuration error's message is kept: it names the variables and
 * their rules, and a rule never quotes client data. Any other error's message is not (a driver's
 * may quote a document), as on every other line; its stack frames say where.
 */
export const logStartupFailure = (error: unknown, app: string, destination?: DestinationStream): void => {
  // The configuration did not load, so neither did LOG_LEVEL: fatal is logged at any level but silent.
  const logger: Logger = createLogger('info', app, destination);
  if (error instanceof ConfigurationError) {
    logger.fatal(
      { context: 'Casetrail', err: error, code: 'CONFIGURATION_INVALID', problems: error.problems },
      error.message,
    );
    return;
  }
  logger.fatal({ context: 'Casetrail', err: error }, 'Start-up failed');
};
