import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { PartnerFeedMessage } from '@casetrail/contracts';
import { kafkaLogs } from '../kafka/kafka-transport';
import type { PartnerFeedSink } from './partner-feed-sink';

export interface KafkaPartnerFeedSinkOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** As the main topic's: per-case order needs the case id to keep its partition. */
  readonly partitions: number;
  readonly replicationFactor: number;
}

/** One idempotent producer for every partner topic; each topic is made the first time it is used. */
export class KafkaPartnerFeedSink implements PartnerFeedSink {
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | null = null;
  private readonly topics = new Map<string, Promise<void>>();

  constructor(private readonly options: KafkaPartnerFeedSinkOptions) {
    this.kafka = new Kafka({
      clientId: `${options.clientId}-partner-feeds`,
      brokers: [...options.brokers],
      logLevel: logLevel.WARN,
      // Through Nest's logger like the main transport's, not straight to the console.
      logCreator: kafkaLogs,
      retry: { retries: 10, initialRetryTime: 200 },
    });
  }

  async send(topic: string, message: PartnerFeedMessage): Promise<void> {
    await this.ensureTopic(topic);
    const producer = await this.connected();
    await producer.send({
      topic,
      acks: -1,
      messages: [
        {
          key: message.caseId,
          value: JSON.stringify(message),
          headers: { 'casetrail-message-id': message.messageId, 'casetrail-kind': message.kind },
        },
      ],
    });
  }

  private connected(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })().catch((error: unknown) => {
      this.producer = null;
      throw error;
    });
    return this.producer;
  }

  private ensureTopic(topic: string): Promise<void> {
    let made = this.topics.get(topic);
    if (!made) {
      made = (async () => {
        const admin = this.kafka.admin();
        await admin.connect();
        try {
          if ((await admin.listTopics()).includes(topic)) return;
          await admin.createTopics({
            waitForLeaders: true,
            topics: [
              {
                topic,
                numPartitions: this.options.partitions,
                replicationFactor: this.options.replicationFactor,
                configEntries: [{ name: 'retention.ms', value: '-1' }],
              },
            ],
          });
        } finally {
          await admin.disconnect();
        }
      })().catch((error: unknown) => {
        this.topics.delete(topic);
        throw error;
      });
      this.topics.set(topic, made);
    }
    return made;
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    if (producer) await (await producer.catch(() => null))?.disconnect();
  }
}
