import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EVENT_STORE, JournalInUseError, type EventStore } from '@casetrail/event-store';
import {
  machineModeLogger,
  InfrastructureModule,
  MONGO_CLIENT,
  NoEventStoreError,
  type CasetrailConfig,
} from '@casetrail/platform';
import type { Db, MongoClient } from 'mongodb';
import { READ_MODEL_STORE, type ReadModelStore } from '@casetrail/read-models';
import { PROTECTION, type Protection } from '@casetrail/protection';
import { CliError, type Output } from './cli-error';

export interface OpenedStores {
  /** Upcast on read, as in the apps: replays see every event in its current shape. */
  readonly store: EventStore;
  readonly readModels: ReadModelStore;
  /** The keys: replays open client data with them, anchors are signed with them. */
  readonly protection: Protection;
  /** External mode's database; null in embedded mode. */
  readonly db: Db | null;
  close(): Promise<void>;
}

const whyNot = (config: CasetrailConfig, error: unknown): CliError => {
  if (error instanceof JournalInUseError)
    return new CliError(
      `The journal in ${config.dataDir} is in use by process ${error.pid} (a running Casetrail?). ` +
        'Only one process may open it: stop that process first, or replay against external mode.',
    );
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof NoEventStoreError)
    return new CliError(
      config.mode === 'external'
        ? `${message}: check MONGODB_DATABASE`
        : `${message}: set CASETRAIL_DATA_DIR to the embedded app's data directory, or MONGODB_URI and KAFKA_BROKERS for external mode`,
    );
  return new CliError(
    config.mode === 'external'
      ? `Cannot read database "${config.mongo.database}": ${message}`
      : `Cannot open the journal in ${config.dataDir}: ${message}`,
  );
};

/**
 * Nest's own logs on stderr only (warnings and errors: a tool's start-up chatter is noise), as
 * JSON lines in --json mode: stdout carries results and nothing else.
 */
export const stderrLogger = (io?: Pick<Output, 'stderr' | 'json' | 'logger'>): LoggerService => {
  // Machine mode: pino's JSON lines, the apps' form (level, time, app, context, msg).
  const machine = io?.json ? (io.logger ?? machineModeLogger('info', 'cli', io.stderr)) : null;
  const write = (level: 'error' | 'warn', message: unknown, context: unknown) => {
    const text = message instanceof Error ? message.message : String(message);
    const where = typeof context === 'string' ? context : undefined;
    if (machine) {
      machine[level](where ? { context: where } : {}, text);
      return;
    }
    (io?.stderr ?? process.stderr).write(`${level}: ${where ? `[${where}] ` : ''}${text}\n`);
  };
  return {
    log: () => undefined,
    error: (message: unknown, ...rest: unknown[]) => write('error', message, rest.at(-1)),
    warn: (message: unknown, ...rest: unknown[]) => write('warn', message, rest.at(-1)),
  };
};

/**
 * The apps' own infrastructure module, without messaging (a tool publishes nothing) and only
 * over a store that exists: a mistyped MONGODB_DATABASE or data directory is refused, never
 * replayed as empty or rebuilt over the live read models. The journal keeps its lock, so a
 * running embedded app makes this fail rather than share the file.
 */
export const openStores = async (
  config: CasetrailConfig,
  io?: Pick<Output, 'stderr' | 'json'>,
): Promise<OpenedStores> => {
  let app;
  try {
    app = await NestFactory.createApplicationContext(
      InfrastructureModule.forRoot(config, { messaging: false, existingStoreOnly: true }),
      { logger: stderrLogger(io), abortOnError: false },
    );
  } catch (error) {
    throw whyNot(config, error);
  }
  return {
    store: app.get<EventStore>(EVENT_STORE),
    readModels: app.get<ReadModelStore>(READ_MODEL_STORE),
    protection: app.get<Protection>(PROTECTION),
    db: ((client: MongoClient | null) => client?.db(config.mongo.database) ?? null)(app.get(MONGO_CLIENT)),
    close: () => app.close(),
  };
};
