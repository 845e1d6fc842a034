import { Inject, Logger, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import {
  CHECKPOINT_STORE,
  EVENT_TRANSPORT,
  Publisher,
  type CheckpointStore,
  type EventTransport,
} from '@casetrail/messaging';
import { CONFIG, type CasetrailConfig } from './config';
import { EventsAppended } from './events-appended';

export const PUBLISHER_NAME = 'kafka-publisher';

@EventsHandler(EventsAppended)
export class PublisherService
  implements IEventHandler<EventsAppended>, OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger('Publisher');
  readonly publisher: Publisher;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(EVENT_TRANSPORT) transport: EventTransport,
    @Inject(CHECKPOINT_STORE) checkpoints: CheckpointStore,
    @Inject(CONFIG) private readonly config: CasetrailConfig,
  ) {
    this.publisher = new Publisher(store, transport, checkpoints, {
      name: PUBLISHER_NAME,
      batchSize: config.publisher.batchSize,
      idleMs: config.publisher.idleMs,
      onError: (error) => this.logger.error(`Publishing failed, will retry: ${String(error)}`),
    });
  }

  handle(): void {
    this.publisher.notify();
  }

  // After every module's init, so in-process subscribers are listening before the first batch.
  onApplicationBootstrap(): void {
    if (this.config.publisher.enabled) this.publisher.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.publisher.stop();
  }
}

@Module({ providers: [PublisherService], exports: [PublisherService] })
export class PublisherModule {}
