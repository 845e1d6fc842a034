import type { PartnerFeedMessage } from '@casetrail/contracts';

/** A partner's own topic: Kafka ACLs per topic per service account are the broker's access boundary. */
export const partnerTopic = (topic: string, partnerId: string): string => `${topic}.partner.${partnerId}`;

/**
 * Where partner feed messages go: Kafka in external mode, a file per partner embedded. At least
 * once: a message sent again after a crash carries the same id, and partners dedupe by it.
 */
export interface PartnerFeedSink {
  /** Resolves once the message is durably accepted (acks=all on Kafka, fsync'd on file). */
  send(topic: string, message: PartnerFeedMessage): Promise<void>;
  close(): Promise<void>;
}

export const PARTNER_FEED_SINK = Symbol('PartnerFeedSink');
