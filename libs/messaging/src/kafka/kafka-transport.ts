import { Logger } from '@nestjs/common';
import {
  Kafka,
  logLevel,
  Partitioners,
  type Consumer,
  type IHeaders,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import { MESSAGE_HEADERS, type CaseEventMessage } from '@casetrail/contracts';
import type { StoredEvent } from '@casetrail/event-store';
import { fromMessage, toMessage } from '../message-codec';
import type { BatchHandler, EventTransport, Subscription } from '../transport.port';

export interface KafkaTransportOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly topic: string;
  /** Fixed at creation: changing it later remaps case ids to partitions and breaks per-case order. */
  readonly partitions: number;
  readonly replicationFactor: number;
}

const headersOf = (event: StoredEvent): IHeaders => ({
  [MESSAGE_HEADERS.eventType]: event.type,
  [MESSAGE_HEADERS.eventId]: event.eventId,
  [MESSAGE_HEADERS.schemaVersion]: String(event.schemaVersion),
  [MESSAGE_HEADERS.caseId]: event.streamId,
  [MESSAGE_HEADERS.correlationId]: event.correlationId,
  [MESSAGE_HEADERS.causationId]: event.causationId,
});

/** kafkajs logs through Nest's logger, so the application's log settings govern them. */
const kafkaLogs = () => {
  const logger = new Logger('Kafka');
  return ({ level, log }: LogEntry) => {
    const { message, ...rest } = log;
    const text = `${message} ${JSON.stringify(rest)}`;
    if (level <= logLevel.ERROR) logger.error(text);
    else logger.warn(text);
  };
};

/**
 * Kafka with the case id as the message key, so one case's events share a partition
 * and keep their order. The producer is idempotent with acks=all: a retried send
 * cannot reorder or duplicate within the producer's session.
 */
export class KafkaTransport implements EventTransport {
  private readonly kafka: Kafka;
  private producer: Producer | null = null;
  private readonly consumers = new Set<Consumer>();

  constructor(private readonly options: KafkaTransportOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: logLevel.WARN,
      logCreator: kafkaLogs,
      retry: { retries: 10, initialRetryTime: 200 },
    });
  }

  async ensureTopic(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = await admin.listTopics();
      if (!existing.includes(this.options.topic)) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: [
            {
              topic: this.options.topic,
              numPartitions: this.options.partitions,
              replicationFactor: this.options.replicationFactor,
              // Events are kept forever downstream too: the topic is a replayable history.
              configEntries: [{ name: 'retention.ms', value: '-1' }],
            },
          ],
        });
      }
    } finally {
      await admin.disconnect();
    }
  }

  async publish(events: readonly StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    const producer = await this.connectedProducer();
    await producer.send({
      topic: this.options.topic,
      acks: -1,
      messages: events.map((event) => ({
        key: event.streamId,
        value: JSON.stringify(toMessage(event)),
        headers: headersOf(event),
      })),
    });
  }

  async subscribe(group: string, handler: BatchHandler): Promise<Subscription> {
    const consumer = this.kafka.consumer({ groupId: group, allowAutoTopicCreation: false });
    this.consumers.add(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const events = batch.messages.map((m) =>
          fromMessage(JSON.parse(m.value?.toString() ?? 'null') as CaseEventMessage),
        );
        // Offsets are committed only after the handler succeeded: at least once.
        await handler(events);
        const last = batch.messages.at(-1);
        if (last) payload.resolveOffset(last.offset);
        await payload.commitOffsetsIfNecessary();
        await payload.heartbeat();
      },
    });
    return {
      close: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await this.producer?.disconnect();
    this.producer = null;
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }
}
