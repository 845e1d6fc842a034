import { Module, type DynamicModule } from '@nestjs/common';
import type { MongoClient } from 'mongodb';
import { partnerDisclosures } from '@casetrail/domain';
import {
  FilePartnerFeedSink,
  KafkaPartnerFeedSink,
  PARTNER_FEED_SINK,
  type PartnerFeedSink,
} from '@casetrail/messaging';
import { MONGO_CLIENT, type CasetrailConfig } from '@casetrail/platform';
import {
  DISCLOSURE_STORE,
  FileDisclosureStore,
  MongoDisclosureStore,
  type DisclosureStore,
} from '@casetrail/platform';
import { DiscloserService, PARTNER_DISCLOSURES } from './discloser.service';

/**
 * Consent-governed sharing at runtime: the discloser that sends each partner its own feed, the
 * accounting of what it sent. Its routes (DisclosuresController, FeedKeyController) sit in AppModule
 * beside the other query controllers, where the route table finds every route.
 */
@Module({})
export class SharingModule {
  static forConfig(config: CasetrailConfig): DynamicModule {
    return {
      module: SharingModule,
      providers: [
        { provide: PARTNER_DISCLOSURES, useValue: partnerDisclosures },
        {
          provide: DISCLOSURE_STORE,
          inject: [MONGO_CLIENT],
          useFactory: (client: MongoClient | null): DisclosureStore =>
            client
              ? new MongoDisclosureStore(client.db(config.mongo.database))
              : new FileDisclosureStore(config.dataDir),
        },
        {
          provide: PARTNER_FEED_SINK,
          useFactory: (): PartnerFeedSink =>
            config.mode === 'external'
              ? new KafkaPartnerFeedSink({
                  brokers: config.kafka.brokers,
                  clientId: config.kafka.clientId,
                  partitions: config.kafka.partitions,
                  replicationFactor: config.kafka.replicationFactor,
                })
              : new FilePartnerFeedSink(config.dataDir),
        },
        DiscloserService,
      ],
      exports: [DISCLOSURE_STORE],
    };
  }
}
