import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { MongoClient } from 'mongodb';
import type { PartnerDisclosures } from '@casetrail/domain';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import {
  CHECKPOINT_STORE,
  MongoLease,
  PARTNER_FEED_SINK,
  Publisher,
  type CheckpointStore,
  type PartnerFeedSink,
} from '@casetrail/messaging';
import { CONFIG, MONGO_CLIENT, type CasetrailConfig } from '@casetrail/platform';
import { PII_OPENER, PROTECTION, type PiiOpener, type Protection } from '@casetrail/protection';
import { DISCLOSURE_STORE, type DisclosureStore } from '@casetrail/platform';
import { DisclosurePlanner } from '@casetrail/platform';
import { DISCLOSER_NAME, Discloser, disclosingTransport } from './discloser';
import { FileCheckpointStore } from './file-checkpoints';

/** The partner-feed rules, injected so the runtime's tests use a double of them. */
export const PARTNER_DISCLOSURES = Symbol('PartnerDisclosures');

/**
 * The process's discloser: a Publisher whose "transport" discloses, so it moves through the global
 * log with its own checkpoint (`discloser`) and, where several processes share a database, under
 * its own lease. It runs in case-api because it must open pii and seal it to partners: the
 * projector holds no keys.
 */
@Injectable()
export class DiscloserService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Discloser');
  private readonly publisher: Publisher;

  constructor(
    @Inject(CONFIG) private readonly config: CasetrailConfig,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PII_OPENER) opener: PiiOpener,
    @Inject(PROTECTION) protection: Protection,
    @Inject(CHECKPOINT_STORE) checkpoints: CheckpointStore,
    @Inject(MONGO_CLIENT) client: MongoClient | null,
    @Inject(DISCLOSURE_STORE) private readonly records: DisclosureStore,
    @Inject(PARTNER_FEED_SINK) private readonly sink: PartnerFeedSink,
    @Inject(PARTNER_DISCLOSURES) partnerDisclosures: PartnerDisclosures,
  ) {
    const categories = config.sharing.programCategories;
    const planner = new DisclosurePlanner({
      store,
      opener,
      partnerDisclosures,
      context: { programCategory: (programId) => categories[programId] ?? null },
      topic: config.kafka.topic,
    });
    const discloser = new Discloser({
      planner,
      records,
      sink,
      seal: (partnerId, messageId, pii) => protection.sealForPartner(partnerId, messageId, pii),
      clock: () => new Date().toISOString(),
    });
    this.publisher = new Publisher(
      store,
      disclosingTransport(discloser),
      client ? checkpoints : new FileCheckpointStore(config.dataDir),
      {
        name: DISCLOSER_NAME,
        batchSize: config.publisher.batchSize,
        idleMs: config.publisher.idleMs,
        checkpointIntervalMs: config.publisher.checkpointIntervalMs,
        // Ids and error names only: a failure's message could quote a field.
        onError: (error) =>
          this.logger.error(
            `Disclosing failed, will retry: ${error instanceof Error ? error.name : 'error'}`,
          ),
        ...(client
          ? {
              lease: new MongoLease(
                client.db(config.mongo.database),
                DISCLOSER_NAME,
                `${hostname()}:${process.pid}:${randomUUID()}`,
                { ttlMs: config.publisher.leaseTtlMs, renewMs: config.publisher.leaseRenewMs },
              ),
            }
          : {}),
      },
    );
  }

  /** How far the discloser got (null when off or not yet known). */
  get position(): number | null {
    return this.config.sharing.partnerFeeds ? this.publisher.publishedPosition : null;
  }

  onApplicationBootstrap(): void {
    if (this.config.sharing.partnerFeeds) this.publisher.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.publisher.stop();
    await this.sink.close();
    await this.records.close();
  }
}
