import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { MongoClient } from 'mongodb';
import {
  EVENT_STORE,
  LocalEventStore,
  MongoEventStore,
  upcast,
  type EventStore,
} from '@casetrail/event-store';
import {
  CHECKPOINT_STORE,
  decodeCaseEvent,
  EVENT_TRANSPORT,
  InMemoryCheckpointStore,
  InProcessTransport,
  KafkaTransport,
  MongoCheckpointStore,
  PUBLISHER_SETTINGS,
  type EventTransport,
} from '@casetrail/messaging';
import {
  InMemoryReadModelStore,
  MongoReadModelStore,
  READ_MODEL_STORE,
  type ReadModelStore,
} from '@casetrail/read-models';
import { CONFIG, type CasetrailConfig } from './config';

const MONGO_CLIENT = Symbol('MongoClient');

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
    @Inject(EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(MONGO_CLIENT) private readonly mongo: MongoClient | null,
  ) {}

  static forRoot(config: CasetrailConfig): DynamicModule {
    const external = config.mode === 'external';
    return {
      module: InfrastructureModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: PUBLISHER_SETTINGS, useValue: config.publisher },
        {
          provide: MONGO_CLIENT,
          useFactory: async () => (external ? await new MongoClient(config.mongo.uri).connect() : null),
        },
        {
          provide: EVENT_STORE,
          inject: [MONGO_CLIENT],
          useFactory: async (client: MongoClient | null): Promise<EventStore> =>
            client
              ? await new MongoEventStore(client.db(config.mongo.database), 'events', { upcast }).init()
              : LocalEventStore.journaled(config.dataDir, { upcast }),
        },
        {
          provide: EVENT_TRANSPORT,
          useFactory: async (): Promise<EventTransport> => {
            if (!external) return new InProcessTransport();
            const kafka = new KafkaTransport({
              brokers: config.kafka.brokers,
              clientId: config.kafka.clientId,
              topic: config.kafka.topic,
              accessTopic: config.kafka.accessTopic,
              partitions: config.kafka.partitions,
              replicationFactor: config.kafka.replicationFactor,
              // What arrives is checked against the published schemas and upcast; what fails is dead-lettered.
              decode: decodeCaseEvent,
            });
            await kafka.ensureTopic();
            return kafka;
          },
        },
        {
          provide: CHECKPOINT_STORE,
          inject: [MONGO_CLIENT],
          useFactory: (client: MongoClient | null) =>
            client
              ? new MongoCheckpointStore(client.db(config.mongo.database))
              : new InMemoryCheckpointStore(),
        },
        {
          provide: READ_MODEL_STORE,
          inject: [MONGO_CLIENT],
          useFactory: (client: MongoClient | null): ReadModelStore =>
            client ? new MongoReadModelStore(client.db(config.mongo.database)) : new InMemoryReadModelStore(),
        },
      ],
      exports: [CONFIG, PUBLISHER_SETTINGS, EVENT_STORE, EVENT_TRANSPORT, CHECKPOINT_STORE, READ_MODEL_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
    await this.store.close();
    await this.readModels.close();
    await this.mongo?.close();
    this.logger.log('Closed event store, transport and read models');
  }
}
