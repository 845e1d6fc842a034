import { Logger } from '@nestjs/common';
import {
  Kafka,
  logLevel,
  Partitioners,
  type Admin,
  type Consumer,
  type IHeaders,
  type KafkaConfig,
  type KafkaMessage,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import { MESSAGE_HEADERS, TRACE_CONTEXT_HEADER, type CaseEventMessage } from '@casetrail/contracts';
import { isPublishedStream, streamFamilyOf, type StreamFamily } from '@casetrail/domain';
import type { StoredEvent } from '@casetrail/event-store';
import { fromMessage, toMessage } from '../message-codec';
import {
  childSpanOf,
  exportSpan,
  rememberDeliveredTrace,
  timing,
  tracingEnabled,
  traceparentOf,
  type TraceParts,
} from '../trace-propagation';
import type {
  BatchHandler,
  EventTransport,
  MessageDecoder,
  Subscription,
  TransportObserver,
} from '../transport.port';

export interface KafkaTransportOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly topic: string;
  /** The access log's topic, keyed by access stream id; default `<topic>.access`. */
  readonly accessTopic?: string;
  /** Fixed at creation: changing it later remaps case ids to partitions and breaks per-case order. */
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Checks and upcasts what arrives; what it rejects is dead-lettered. Default: parse only. */
  readonly decode?: MessageDecoder;
  /** The process's metrics: dead letters, and each partition's lag after a handled batch. */
  readonly observer?: TransportObserver;
  /** Makes the kafkajs client from its settings; a test's own to stand in for a broker that misbehaves. */
  readonly client?: (config: KafkaConfig) => Pick<Kafka, 'producer' | 'consumer' | 'admin'>;
}

/** Where messages that can never be applied are parked, with why, for repair and replay. */
export const deadLetterTopic = (topic: string) => `${topic}.dlq`;

export const DEAD_LETTER_HEADERS = {
  error: 'casetrail-dlq-error',
  originalPartition: 'casetrail-dlq-original-partition',
  originalOffset: 'casetrail-dlq-original-offset',
  group: 'casetrail-dlq-consumer-group',
} as const;

const parseOnly: MessageDecoder = (value) => fromMessage(JSON.parse(value) as CaseEventMessage);

/** A message by its event: a forged copy of an event (same id, another version) is another message. */
const sourceKey = (event: StoredEvent): string => `${event.eventId}@${event.streamId}@${event.version}`;

/** A kafkajs error by its kind and protocol code, never its message (it can quote a payload). */
export const kafkaErrorType = (error: unknown): string => {
  if (!(error instanceof Error)) return 'unknown error';
  const { type, cause } = error as Error & { type?: unknown; cause?: unknown };
  const kind = typeof type === 'string' ? `${error.name} ${type}` : error.name;
  return cause instanceof Error && cause !== error ? `${kind} <- ${kafkaErrorType(cause)}` : kind;
};

const describe = (error: unknown): string => (error instanceof Error ? error.message : 'unknown error');

/**
 * The message's headers; with a `traceparent` when the event has one: the publish is a span of
 * its own, a child of the span that recorded the event, and the consumer's work descends from it.
 */
export const headersOf = (event: StoredEvent, publishSpan = childSpanOf(event.traceparent)): IHeaders => ({
  [MESSAGE_HEADERS.eventType]: event.type,
  [MESSAGE_HEADERS.eventId]: event.eventId,
  [MESSAGE_HEADERS.schemaVersion]: String(event.schemaVersion),
  [MESSAGE_HEADERS.caseId]: event.streamId,
  [MESSAGE_HEADERS.correlationId]: event.correlationId,
  [MESSAGE_HEADERS.causationId]: event.causationId,
  ...(publishSpan ? { [TRACE_CONTEXT_HEADER]: traceparentOf(publishSpan) } : {}),
});

const headerText = (message: KafkaMessage, name: string): string | undefined => {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
};

/**
 * kafkajs logs through Nest's logger (pino in the apps), so the application's log settings govern
 * them; its fields (broker, group, retry) become the line's `kafka` object, searchable as JSON.
 */
export const kafkaLogs = () => {
  const logger = new Logger('Kafka');
  return ({ level, log, namespace }: LogEntry) => {
    const { message, timestamp: _timestamp, logger: _logger, ...rest } = log;
    const line = { msg: message, kafka: { namespace, ...rest } };
    if (level <= logLevel.ERROR) logger.error(line);
    else logger.warn(line);
  };
};

/**
 * Kafka with the stream id as the message key, so one case's events share a partition
 * and keep their order. Case events go to `topic`, access events to `accessTopic`. The producer is idempotent with acks=all: a retried send
 * cannot reorder or duplicate within the producer's session.
 */
export class KafkaTransport implements EventTransport {
  private readonly kafka: Pick<Kafka, 'producer' | 'consumer' | 'admin'>;
  private producer: Producer | null = null;
  /**
   * How often a failed send made this transport give up its producer for a new one. kafkajs's
   * idempotent producer keeps its producer id and sequence numbers across a failed send; after a
   * broker restart the broker can refuse them for good (OUT_OF_ORDER_SEQUENCE_NUMBER,
   * UNKNOWN_PRODUCER_ID), and every later send with that producer fails the same way: the
   * publisher retried forever while nothing was published. A new producer gets a new id.
   */
  producerResets = 0;
  private readonly consumers = new Set<Consumer>();
  /** How often a consumer of this transport crashed for good and was replaced by a new one. */
  crashes = 0;
  /** Groups whose consumer crashed for good and has not joined again yet: not ready meanwhile. */
  private readonly down = new Set<string>();
  /**
   * One admin client for lag and health: an admin per call was a connection per check, and a
   * probe every few seconds would open and close them without end. Dropped after a failure, so
   * the next call connects afresh.
   */
  private admin: Promise<Admin> | null = null;
  private readonly logger = new Logger('KafkaTransport');

  constructor(private readonly options: KafkaTransportOptions) {
    const config: KafkaConfig = {
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: logLevel.WARN,
      logCreator: kafkaLogs,
      retry: { retries: 10, initialRetryTime: 200 },
    };
    this.kafka = options.client ? options.client(config) : new Kafka(config);
  }

  /** The topic of a stream family. */
  topicOf(family: StreamFamily): string {
    return family === 'access'
      ? (this.options.accessTopic ?? `${this.options.topic}.access`)
      : this.options.topic;
  }

  async ensureTopic(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = await admin.listTopics();
      const topics = [this.topicOf('case'), this.topicOf('access')];
      const wanted = [...topics, ...topics.map(deadLetterTopic)].filter((t) => !existing.includes(t));
      if (wanted.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: wanted.map((topic) => ({
            topic,
            numPartitions: this.options.partitions,
            replicationFactor: this.options.replicationFactor,
            // Events are kept forever downstream too: the topic is a replayable history.
            configEntries: [{ name: 'retention.ms', value: '-1' }],
          })),
        });
      }
    } finally {
      await admin.disconnect();
    }
  }

  async publish(all: readonly StoredEvent[]): Promise<void> {
    // The agency's vocabularies are configuration the API serves, not facts for consumers.
    const events = all.filter((event) => isPublishedStream(event.streamId));
    if (events.length === 0) return;
    const byTopic = new Map<string, StoredEvent[]>();
    for (const event of events) {
      const topic = this.topicOf(streamFamilyOf(event.streamId));
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), event]);
    }
    const producer = await this.connectedProducer();
    const spans = new Map<StoredEvent, TraceParts>();
    const [startedAt, wallStart] = [performance.now(), Date.now()];
    const sent = producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, batch]) => ({
        topic,
        messages: batch.map((event) => {
          const span = childSpanOf(event.traceparent);
          if (span) spans.set(event, span);
          return {
            key: event.streamId,
            value: JSON.stringify(toMessage(event)),
            headers: headersOf(event, span),
          };
        }),
      })),
    });
    try {
      await sent;
    } catch (error) {
      // Whatever part of the batch landed is sent again by the publisher, which starts over from its
      // checkpoint: consumers take a repeat by its version. Only the producer's session is lost.
      if (this.producer === producer) {
        this.producer = null;
        this.producerResets++;
        this.logger.warn(`A send failed (${kafkaErrorType(error)}): the next one opens a new producer`);
        void producer.disconnect().catch(() => undefined);
      }
      throw error;
    }
    if (tracingEnabled()) {
      const took = timing(startedAt, wallStart);
      for (const [event, span] of spans)
        exportSpan({
          name: `publish ${this.topicOf(streamFamilyOf(event.streamId))}`,
          kind: 'producer',
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId,
          ...took,
          attributes: {
            'casetrail.event_type': event.type,
            'casetrail.event_id': event.eventId,
            'messaging.batch.message_count': events.length,
          },
        });
    }
  }

  /**
   * Consumes a topic in a group until closed. kafkajs restarts its consumer after retriable
   * errors, but after some (an offset commit refused by a coordinator that forgot the member,
   * after a broker restart) it crashes for good while the process stays alive: that crash is
   * caught here and the group is joined again by a fresh consumer, with a growing pause, so the
   * read models never stop silently.
   */
  async subscribe(
    group: string,
    handler: BatchHandler,
    family: StreamFamily = 'case',
  ): Promise<Subscription> {
    let closed = false;
    let current: Consumer | null = null;
    let rejoin: ReturnType<typeof setTimeout> | null = null;
    const join = async (): Promise<void> => {
      const consumer = this.kafka.consumer({ groupId: group, allowAutoTopicCreation: false });
      current = consumer;
      this.consumers.add(consumer);
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart || closed) return;
        this.logger.error(
          `Consumer of ${group} stopped for good (${describe(payload.error)}); joining the group again`,
        );
        this.crashes += 1;
        this.down.add(group);
        void replace(consumer, 1);
      });
      await consumer.connect();
      await consumer.subscribe({ topic: this.topicOf(family), fromBeginning: true });
      await this.run(consumer, group, handler, this.options.decode ?? parseOnly);
      this.down.delete(group);
    };
    const replace = async (dead: Consumer, attempt: number): Promise<void> => {
      this.consumers.delete(dead);
      await dead.disconnect().catch(() => undefined);
      if (closed) return;
      try {
        await join();
      } catch (error) {
        const pause = Math.min(30_000, 500 * 2 ** attempt);
        this.logger.error(`Joining ${group} again failed (${describe(error)}); next try in ${pause} ms`);
        const failed = current;
        rejoin = setTimeout(() => void (failed ? replace(failed, attempt + 1) : undefined), pause);
      }
    };
    await join();
    return {
      close: async () => {
        closed = true;
        this.down.delete(group);
        if (rejoin) clearTimeout(rejoin);
        const consumer = current;
        if (consumer) {
          this.consumers.delete(consumer);
          await consumer.disconnect();
        }
      },
    };
  }

  private async run(consumer: Consumer, group: string, handler: BatchHandler, decode: MessageDecoder) {
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const events: StoredEvent[] = [];
        const sources = new Map<string, KafkaMessage>();
        for (const message of batch.messages) {
          try {
            const event = decode(message.value?.toString() ?? '');
            rememberDeliveredTrace(event, headerText(message, TRACE_CONTEXT_HEADER));
            events.push(event);
            sources.set(sourceKey(event), message);
          } catch (error) {
            await this.deadLetter(
              group,
              batch.topic,
              batch.partition,
              message,
              `undecodable: ${describe(error)}`,
            );
            this.options.observer?.deadLettered('undecodable', 1);
          }
        }
        // Throws on a transient failure: nothing is resolved, so the batch comes again.
        for (const letter of await handler(events)) {
          const source = sources.get(sourceKey(letter.event));
          if (source) {
            await this.deadLetter(group, batch.topic, batch.partition, source, letter.reason);
            this.options.observer?.deadLettered('unappliable', 1);
          }
        }
        const last = batch.messages.at(-1);
        if (last) {
          payload.resolveOffset(last.offset);
          // With autoCommit off, commitOffsetsIfNecessary commits nothing: commit what was handled.
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
          ]);
        }
        await payload.heartbeat();
        // The batch's high watermark as fetched, less what was handled: 0 when caught up.
        this.options.observer?.consumed(batch.topic, batch.partition, Math.max(0, Number(batch.offsetLag())));
      },
    });
  }

  /** Messages on the topic not yet committed by the group, over all partitions. */
  async lag(group: string, family: StreamFamily = 'case'): Promise<number> {
    const topic = this.topicOf(family);
    return this.withAdmin(async (admin) => {
      const [ends, [committed]] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId: group, topics: [topic] }),
      ]);
      const done = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
      return ends.reduce((sum, end) => {
        const at = done.get(end.partition) ?? -1;
        return sum + Number(end.high) - (at < 0 ? Number(end.low) : at);
      }, 0);
    });
  }

  /** Resolves when a broker answers a metadata call for the case topic; the caller bounds the wait. */
  async ping(): Promise<void> {
    await this.withAdmin((admin) => admin.fetchTopicMetadata({ topics: [this.topicOf('case')] }));
  }

  /** Groups of this transport whose consumer crashed for good and is not back yet. */
  stoppedConsumers(): readonly string[] {
    return [...this.down];
  }

  private async withAdmin<T>(call: (admin: Admin) => Promise<T>): Promise<T> {
    const connecting = (this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })());
    try {
      return await call(await connecting);
    } catch (error) {
      // In doubt after a failure: the next call connects a fresh admin.
      if (this.admin === connecting) {
        this.admin = null;
        void connecting.then((admin) => admin.disconnect()).catch(() => undefined);
      }
      throw error;
    }
  }

  private async deadLetter(
    group: string,
    topic: string,
    partition: number,
    message: KafkaMessage,
    reason: string,
  ): Promise<void> {
    this.logger.warn(`Dead-lettering ${topic}[${partition}]@${message.offset} for ${group}: ${reason}`);
    const producer = await this.connectedProducer();
    await producer.send({
      topic: deadLetterTopic(topic),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            [DEAD_LETTER_HEADERS.error]: reason.slice(0, 2000),
            [DEAD_LETTER_HEADERS.originalPartition]: String(partition),
            [DEAD_LETTER_HEADERS.originalOffset]: message.offset,
            [DEAD_LETTER_HEADERS.group]: group,
          },
        },
      ],
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await this.producer?.disconnect();
    this.producer = null;
    const admin = this.admin;
    this.admin = null;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
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
