import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { LocalEventStore, MongoEventStore, upcast, type EventStore } from '@casetrail/event-store';
import type { CasetrailConfig } from '@casetrail/platform';
import { CliError } from './cli-error';

/** The event store's collection in external mode (MongoEventStore's default). */
const EVENTS = 'events';

export interface OpenedDatabase {
  readonly db: Db;
  /** Upcast on read, as in the apps: replays see every event in its current shape. */
  readonly store: EventStore;
  close(): Promise<void>;
}

/**
 * External mode: the apps' database, read only as far as the event store goes (no indexes
 * created). A database without an event store is refused: a mistyped MONGODB_DATABASE must
 * not become an empty rebuild swapped over the live read models.
 */
export const openDatabase = async (config: CasetrailConfig): Promise<OpenedDatabase> => {
  const client = new MongoClient(config.mongo.uri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    const db = client.db(config.mongo.database);
    if (!(await db.listCollections({ name: EVENTS }, { nameOnly: true }).hasNext())) {
      throw new CliError(
        `Database "${config.mongo.database}" has no event store (no "${EVENTS}" collection): check MONGODB_DATABASE`,
      );
    }
    return {
      db,
      store: new MongoEventStore(db, EVENTS, { upcast }),
      close: () => client.close(),
    };
  } catch (error) {
    await client.close().catch(() => undefined);
    if (error instanceof CliError) throw error;
    throw new CliError(
      `Cannot read database "${config.mongo.database}": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
};

/**
 * Embedded mode: the journal at CASETRAIL_DATA_DIR, under the same exclusive lock the app
 * takes, so a running app makes this fail rather than share the file.
 */
export const openJournal = (config: CasetrailConfig): EventStore => {
  const file = join(config.dataDir, 'events.journal');
  // Opening creates an empty journal where there is none: refuse, it is surely the wrong directory.
  if (!existsSync(file)) {
    throw new CliError(
      `No journal at ${file}: set CASETRAIL_DATA_DIR to the embedded app's data directory, or MONGODB_URI and KAFKA_BROKERS for external mode`,
    );
  }
  try {
    return LocalEventStore.journaled(config.dataDir, { upcast });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const owner = /in use by process (\d+)/.exec(message)?.[1];
    if (owner !== undefined) {
      throw new CliError(
        `The journal in ${config.dataDir} is in use by process ${owner} (a running Casetrail?). ` +
          'Only one process may open it: stop that process first, or replay against external mode.',
      );
    }
    throw new CliError(`Cannot open the journal in ${config.dataDir}: ${message}`);
  }
};

/** Whichever store the configuration names, and how to let go of it. */
export const openEventStore = async (
  config: CasetrailConfig,
): Promise<{ readonly store: EventStore; close(): Promise<void> }> => {
  if (config.mode === 'external') {
    const opened = await openDatabase(config);
    return { store: opened.store, close: () => opened.close() };
  }
  const store = openJournal(config);
  return { store, close: () => store.close() };
};
