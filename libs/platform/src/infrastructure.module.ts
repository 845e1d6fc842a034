import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  Global,
  Inject,
  Logger,
  Module,
  Optional,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { MongoClient } from 'mongodb';
import {
  AnchorWriter,
  EVENT_STORE,
  FileAnchorStore,
  LocalEventStore,
  MongoAnchorStore,
  MongoEventStore,
  upcast,
  upcasting,
  type EventStore,
} from '@casetrail/event-store';
import {
  CHECKPOINT_STORE,
  DeadLetterFile,
  decodeCaseEvent,
  EVENT_TRANSPORT,
  InMemoryCheckpointStore,
  InProcessTransport,
  KafkaTransport,
  MongoCheckpointStore,
  PUBLISHER_SETTINGS,
  PUBLISHER_LEASE,
  PUBLISHER_NAME,
  PUBLISHED_EVENT_STORE,
  MongoLease,
  type EventTransport,
} from '@casetrail/messaging';
import {
  InMemoryReadModelStore,
  MongoReadModelStore,
  READ_MODEL_STORE,
  type ReadModelStore,
} from '@casetrail/read-models';
import { PII_OPENER, PROTECTION, type Protection } from '@casetrail/protection';
import { CONFIG, type CasetrailConfig } from './config';
import { casetrailConfigModule } from './config.module';
import { connectMongo } from './outage';
import { openProtectionFor } from './protection';
import { METRICS, type CasetrailMetrics } from './metrics/metrics';
import { timedAppends } from './metrics/timed-event-store';

export const MONGO_CLIENT = Symbol('MongoClient');
const EVENTS = 'events';

/** What a process needs of the infrastructure: the apps all of it, a tool perhaps less. */
export interface InfrastructureOptions {
  /** Kafka (or in-process delivery) and the checkpoints; off for a tool that only reads the store. */
  readonly messaging?: boolean;
  /**
   * Open only an event store that exists, and change nothing in it (no indexes): a tool pointed
   * at a mistyped database or data directory must fail, not start an empty store there.
   */
  readonly existingStoreOnly?: boolean;
  /**
   * The key hierarchy (default on): every append seals client data, and queries open it. Off only
   * for a process that never appends nor answers with client data: the projector copies sealed
   * values as they are, so it holds no key at all.
   */
  readonly protection?: boolean;
}

/**
 * Writes the log's signed anchor every ANCHOR_INTERVAL_MS: a digest of everything up to a
 * position, chained to the one before, so a stream deleted whole (which no stream's own chain can
 * show) breaks `verify`. Its log line is a witness kept outside the database. Several processes
 * may try; one insert wins and the others find nothing to do.
 */
export class Anchoring implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Anchors');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly writer: AnchorWriter,
    private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.anchorNow(), this.intervalMs);
    this.timer.unref();
  }

  /** One anchor, unless one is being written already; a failure is logged and tried again next time. */
  anchorNow(): Promise<void> {
    this.running ??= this.writer
      .anchor()
      .then((anchor) => {
        if (anchor)
          this.logger.log(
            `Anchor ${anchor.n} through position ${anchor.through} (${anchor.events} events): ${anchor.digest}`,
          );
      })
      .catch((error: unknown) =>
        this.logger.warn(
          `Could not write an anchor: ${error instanceof Error ? error.name : 'error'}; trying again later`,
        ),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}

/** Without keys nothing may append: an append would store client data unsealed. */
const readOnly = (raw: EventStore): EventStore => ({
  append: () =>
    Promise.reject(new Error('This process holds no keys: it cannot seal client data, so it may not append')),
  readStream: (streamId, fromVersion) => raw.readStream(streamId, fromVersion),
  readAll: (after, limit) => raw.readAll(after, limit),
  headPosition: () => raw.headPosition(),
  get holesPassed() {
    return raw.holesPassed;
  },
  close: () => raw.close(),
});

/** The store as the adapters keep it: reads give sealed client data; only the sealing store appends. */
export const RAW_EVENT_STORE = Symbol('RawEventStore');
/** RAW_EVENT_STORE without the upcasting: every event in the shape and version it was stored in. */
export const STORED_EVENT_STORE = Symbol('StoredEventStore');

/** The event store named by the configuration does not exist (existingStoreOnly). */
export class NoEventStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoEventStoreError';
  }
}

const openEventStore = async (
  config: CasetrailConfig,
  client: MongoClient | null,
  existingOnly: boolean,
): Promise<EventStore> => {
  if (!client) {
    const journal = join(config.dataDir, 'events.journal');
    // Opening creates an empty journal where there is none.
    if (existingOnly && !existsSync(journal)) throw new NoEventStoreError(`No journal at ${journal}`);
    // Opened without upcasting: RAW_EVENT_STORE adds it, the publisher reads as stored.
    const store = LocalEventStore.journaled(config.dataDir);
    const torn = store.tornTail;
    if (torn)
      new Logger('Journal').warn(
        `Cut off a torn last line of ${journal} (line ${torn.line}, byte offset ${torn.offset}, ${torn.length} bytes): ` +
          `a write a crash interrupted, never acknowledged; its bytes are kept in ${torn.keptIn}`,
      );
    return store;
  }
  const db = client.db(config.mongo.database);
  const store = new MongoEventStore(db, EVENTS, {
    // Positions only: a hole carries no client data, and what it held is unknown.
    onHolePassed: (hole) =>
      new Logger('EventLog').error(
        `Passed a hole in the event log: ${hole.reason}; waited ${hole.waitedMs} ms, recorded at position ${hole.from}`,
      ),
  });
  if (!existingOnly) return store.init();
  if (!(await db.listCollections({ name: EVENTS }, { nameOnly: true }).hasNext())) {
    // The module never finishes starting, so its shutdown hook will not close the client.
    await client.close();
    throw new NoEventStoreError(
      `Database "${config.mongo.database}" has no event store (no "${EVENTS}" collection)`,
    );
  }
  return store;
};

/**
 * The ports and, per mode, their adapters: embedded (journal, in-process delivery,
 * in-memory read models) or external (MongoDB-wire database, Kafka). Nothing above
 * this module knows which mode it runs in.
 */
@Global()
@Module({})
export class InfrastructureModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Infrastructure');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport | undefined,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(MONGO_CLIENT) private readonly mongo: MongoClient | null,
    @Optional() @Inject(PROTECTION) private readonly protection: Protection | undefined,
  ) {}

  static forRoot(config: CasetrailConfig, options: InfrastructureOptions = {}): DynamicModule {
    const external = config.mode === 'external';
    const messaging = options.messaging ?? true;
    const protection = options.protection ?? true;
    return {
      module: InfrastructureModule,
      imports: [casetrailConfigModule(config)],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: PUBLISHER_SETTINGS, useValue: config.publisher },
        {
          provide: MONGO_CLIENT,
          useFactory: async () => (external ? await connectMongo(config) : null),
        },
        {
          provide: STORED_EVENT_STORE,
          inject: [MONGO_CLIENT, { token: METRICS, optional: true }],
          useFactory: async (client: MongoClient | null, metrics?: CasetrailMetrics) => {
            const store = await openEventStore(config, client, options.existingStoreOnly ?? false);
            // Innermost, so the histogram is the database write itself, not the sealing before it.
            return metrics ? timedAppends(store, metrics.appendDuration) : store;
          },
        },
        {
          provide: RAW_EVENT_STORE,
          inject: [STORED_EVENT_STORE],
          useFactory: (stored: EventStore): EventStore => upcasting(stored, upcast),
        },
        ...(protection
          ? [
              {
                provide: PROTECTION,
                // After the event store: a tool pointed at a mistyped database is refused before any key collection is made there.
                inject: [MONGO_CLIENT, RAW_EVENT_STORE],
                useFactory: (client: MongoClient | null): Promise<Protection> =>
                  openProtectionFor(config, client ? client.db(config.mongo.database) : null),
              },
              { provide: PII_OPENER, inject: [PROTECTION], useFactory: (p: Protection) => p.opener },
              {
                provide: EVENT_STORE,
                inject: [RAW_EVENT_STORE, PROTECTION],
                useFactory: (raw: EventStore, p: Protection): EventStore => p.sealing(raw),
              },
              ...(options.existingStoreOnly
                ? []
                : [
                    {
                      provide: Anchoring,
                      inject: [EVENT_STORE, PROTECTION, MONGO_CLIENT],
                      useFactory: (store: EventStore, p: Protection, client: MongoClient | null) =>
                        new Anchoring(
                          new AnchorWriter({
                            store,
                            anchors: client
                              ? new MongoAnchorStore(client.db(config.mongo.database))
                              : new FileAnchorStore(config.dataDir),
                            mac: (bytes) => p.anchorMac(bytes),
                            clock: () => new Date().toISOString(),
                          }),
                          config.protection.anchorIntervalMs,
                        ),
                    },
                  ]),
            ]
          : [
              {
                provide: EVENT_STORE,
                inject: [RAW_EVENT_STORE],
                useFactory: (raw: EventStore): EventStore => readOnly(raw),
              },
            ]),
        ...(messaging
          ? [
              {
                provide: EVENT_TRANSPORT,
                inject: [{ token: METRICS, optional: true }],
                useFactory: async (metrics?: CasetrailMetrics): Promise<EventTransport> => {
                  const observer = metrics?.transportObserver();
                  if (!external) {
                    const deadLetters = new DeadLetterFile(config.dataDir);
                    if (deadLetters.count > 0)
                      new Logger('DeadLetters').warn(
                        `${deadLetters.count} dead letter(s) kept in ${deadLetters.file}; list them with: npm run casetrail -- dead-letters`,
                      );
                    return new InProcessTransport(deadLetters, observer);
                  }
                  const kafka = new KafkaTransport({
                    brokers: config.kafka.brokers,
                    clientId: config.kafka.clientId,
                    topic: config.kafka.topic,
                    accessTopic: config.kafka.accessTopic,
                    partitions: config.kafka.partitions,
                    replicationFactor: config.kafka.replicationFactor,
                    // What arrives is checked against the published schemas and upcast; what fails is dead-lettered.
                    decode: decodeCaseEvent,
                    ...(observer ? { observer } : {}),
                  });
                  await kafka.ensureTopic();
                  return kafka;
                },
              },
              // Topics carry events as stored (consumers upcast, as the Kafka decoder does); the
              // in-process transport hands them to this process's own subscribers, who get them upcast.
              ...(external ? [{ provide: PUBLISHED_EVENT_STORE, useExisting: STORED_EVENT_STORE }] : []),
              {
                provide: PUBLISHER_LEASE,
                inject: [MONGO_CLIENT],
                // Embedded mode has one process by construction (the journal's lock): no lease.
                useFactory: (client: MongoClient | null) =>
                  client
                    ? new MongoLease(
                        client.db(config.mongo.database),
                        PUBLISHER_NAME,
                        `${hostname()}:${process.pid}:${randomUUID()}`,
                        { ttlMs: config.publisher.leaseTtlMs, renewMs: config.publisher.leaseRenewMs },
                      )
                    : null,
              },
              {
                provide: CHECKPOINT_STORE,
                inject: [MONGO_CLIENT],
                useFactory: (client: MongoClient | null) =>
                  client
                    ? new MongoCheckpointStore(client.db(config.mongo.database))
                    : new InMemoryCheckpointStore(),
              },
            ]
          : []),
        {
          provide: READ_MODEL_STORE,
          inject: [MONGO_CLIENT],
          useFactory: (client: MongoClient | null): ReadModelStore =>
            client ? new MongoReadModelStore(client.db(config.mongo.database)) : new InMemoryReadModelStore(),
        },
      ],
      exports: [
        CONFIG,
        PUBLISHER_SETTINGS,
        EVENT_STORE,
        RAW_EVENT_STORE,
        STORED_EVENT_STORE,
        MONGO_CLIENT,
        ...(protection ? [PROTECTION, PII_OPENER] : []),
        READ_MODEL_STORE,
        ...(messaging
          ? [EVENT_TRANSPORT, CHECKPOINT_STORE, PUBLISHER_LEASE, ...(external ? [PUBLISHED_EVENT_STORE] : [])]
          : []),
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport?.close();
    await this.store.close();
    await this.readModels.close();
    await this.protection?.close();
    await this.mongo?.close();
    this.logger.log('Closed event store, transport and read models');
  }
}
