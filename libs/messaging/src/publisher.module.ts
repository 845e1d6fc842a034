import {
  Inject,
  Injectable,
  Logger,
  Module,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import { PUBLISHER_LEASE, type PublisherLease } from './lease.port';
import { Publisher } from './publisher';
import {
  CHECKPOINT_STORE,
  EVENT_TRANSPORT,
  type CheckpointStore,
  type EventTransport,
} from './transport.port';

/** The publisher's checkpoint id: the freshness check and the tests read its position by it. */
export const PUBLISHER_NAME = 'kafka-publisher';

/** What the composition root decides about the publisher (PUBLISHER_* in the configuration). */
export interface PublisherSettings {
  /** False moves publishing to another process: this one then only appends. */
  readonly enabled: boolean;
  readonly batchSize: number;
  readonly idleMs: number;
  /** How often, at most, the checkpoint is saved while events keep coming (PUBLISHER_CHECKPOINT_MS). */
  readonly checkpointIntervalMs: number;
}

export const PUBLISHER_SETTINGS = Symbol('PublisherSettings');

/** What the publisher tells the process's metrics: events published, and how to read its lag. */
export interface PublisherObserver {
  published(count: number): void;
  /** Events in the store not yet published; null when unknown (not publishing here, position in doubt). */
  watchLag(lag: () => Promise<number | null>): void;
}

export const PUBLISHER_OBSERVER = Symbol('PublisherObserver');

/**
 * The store the publisher reads, where it differs from EVENT_STORE: the events as stored, not
 * upcast. What goes on a topic keeps its stored shape and `schemaVersion` (one shape per `eventId`,
 * whenever it is published or republished, and the shape its `hash` covers); each consumer upcasts
 * on its side. Unset (embedded mode, where nothing leaves the process): EVENT_STORE.
 */
export const PUBLISHED_EVENT_STORE = Symbol('PublishedEventStore');

/**
 * The process's one publisher. Whoever commits calls `notify` so the new events go out at once
 * instead of after the idle sleep; without a call they still go out, only later.
 */
@Injectable()
export class PublisherService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Publisher');
  private readonly publisher: Publisher;
  private readonly hasLease: boolean;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(EVENT_TRANSPORT) transport: EventTransport,
    @Inject(CHECKPOINT_STORE) checkpoints: CheckpointStore,
    @Inject(PUBLISHER_SETTINGS) private readonly settings: PublisherSettings,
    @Optional() @Inject(PUBLISHER_LEASE) lease: PublisherLease | null = null,
    @Optional() @Inject(PUBLISHED_EVENT_STORE) published: EventStore | null = null,
    @Optional() @Inject(PUBLISHER_OBSERVER) observer: PublisherObserver | null = null,
  ) {
    this.hasLease = lease !== null;
    const source = published ?? store;
    observer?.watchLag(async () => {
      const position = this.publishedPosition();
      if (position === null || this.holdsLease() === false) return null;
      return Math.max(0, (await source.headPosition()) - position);
    });
    this.publisher = new Publisher(source, transport, checkpoints, {
      name: PUBLISHER_NAME,
      batchSize: settings.batchSize,
      idleMs: settings.idleMs,
      checkpointIntervalMs: settings.checkpointIntervalMs,
      onError: (error) => this.logger.error(`Publishing failed, will retry: ${String(error)}`),
      ...(observer ? { onPublished: (count: number) => observer.published(count) } : {}),
      ...(lease ? { lease } : {}),
      onLease: (held) =>
        this.logger.log(held ? 'Holds the publisher lease: publishing' : 'Lost the publisher lease: waiting'),
    });
  }

  notify(): void {
    this.publisher.notify();
  }

  /**
   * How far the publisher in this process has published, ahead of the checkpoint it saves
   * only now and then; null when it does not run here (or does not know yet).
   */
  publishedPosition(): number | null {
    return this.settings.enabled ? this.publisher.publishedPosition : null;
  }

  /** Whether this process publishes now: true or false under a lease, null without one (or when off). */
  holdsLease(): boolean | null {
    return this.settings.enabled && this.hasLease ? this.publisher.holdsLease : null;
  }

  // After every module's init, so in-process subscribers are listening before the first batch.
  onApplicationBootstrap(): void {
    if (this.settings.enabled) this.publisher.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.publisher.stop();
  }
}

@Module({ providers: [PublisherService], exports: [PublisherService] })
export class PublisherModule {}
