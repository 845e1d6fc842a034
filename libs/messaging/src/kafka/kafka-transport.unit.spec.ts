import { KafkaJSProtocolError, type Kafka, type Producer, type ProducerBatch } from 'kafkajs';
import { transportedEvent } from '../testing/transport.contract';
import { KafkaTransport } from './kafka-transport';

/**
 * A broker that has forgotten a producer's session after its restart: it refuses every later send
 * from that producer (kafkajs keeps the producer id and sequence numbers), and takes sends from a
 * producer that starts a session of its own.
 */
const brokerAfterRestart = () => {
  const producers: { sent: ProducerBatch[]; disconnected: boolean }[] = [];
  const client = (): Pick<Kafka, 'producer' | 'consumer' | 'admin'> => ({
    producer: () => {
      const record = { sent: [] as ProducerBatch[], disconnected: false };
      const wedged = producers.length === 0;
      producers.push(record);
      return {
        connect: () => Promise.resolve(),
        disconnect: () => {
          record.disconnected = true;
          return Promise.resolve();
        },
        sendBatch: (batch: ProducerBatch) => {
          if (wedged)
            return Promise.reject(
              new KafkaJSProtocolError(
                Object.assign(new Error('The broker received an out of order sequence number'), {
                  type: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
                  code: 45,
                  retriable: false,
                }),
              ),
            );
          record.sent.push(batch);
          return Promise.resolve([]);
        },
      } as unknown as Producer;
    },
    consumer: () => {
      throw new Error('not used');
    },
    admin: () => {
      throw new Error('not used');
    },
  });
  return { producers, client };
};

/** A transport on the stand-in broker, whose first producer is the wedged one. */
const transportOn = (broker: ReturnType<typeof brokerAfterRestart>) =>
  new KafkaTransport({
    brokers: ['127.0.0.1:1'],
    clientId: 'unit',
    topic: 'cases',
    partitions: 1,
    replicationFactor: 1,
    client: broker.client,
  });

describe('KafkaTransport: a producer the broker refuses for good', () => {
  it('is given up after the failed send: the next send goes through a new producer', async () => {
    const broker = brokerAfterRestart();
    const transport = transportOn(broker);
    await expect(transport.publish([transportedEvent('case-a', 1, 1)])).rejects.toThrow(KafkaJSProtocolError);
    await transport.publish([transportedEvent('case-a', 1, 1), transportedEvent('case-a', 2, 2)]);

    expect(broker.producers).toHaveLength(2);
    expect(broker.producers[0]!.disconnected).toBe(true);
    const delivered = broker.producers[1]!.sent.flatMap((b) => b.topicMessages ?? []).flatMap(
      (t) => t.messages,
    );
    expect(delivered.map((m) => m.key)).toEqual(['case-a', 'case-a']);
    expect(transport.producerResets).toBe(1);
  });

  it('keeps a producer whose sends succeed', async () => {
    const broker = brokerAfterRestart();
    const transport = transportOn(broker);
    await transport.publish([transportedEvent('case-a', 1, 1)]).catch(() => undefined);
    await transport.publish([transportedEvent('case-a', 1, 1)]);
    await transport.publish([transportedEvent('case-a', 2, 2)]);
    expect(broker.producers).toHaveLength(2);
    expect(transport.producerResets).toBe(1);
  });
});

describe('KafkaTransport: the families it publishes', () => {
  it('sends case and access events to their topics and leaves the vocabulary streams out', async () => {
    const broker = brokerAfterRestart();
    const transport = transportOn(broker);
    // The first producer is the wedged one: spend it.
    await transport.publish([transportedEvent('case-a', 1, 1)]).catch(() => undefined);
    // Only configuration: nothing to send, and no send at all.
    await transport.publish([transportedEvent('agency-vocabulary-contact_type', 1, 2)]);
    await transport.publish([
      transportedEvent('case-a', 1, 1),
      transportedEvent('agency-vocabulary-service_type', 1, 3),
      transportedEvent('access-i-1', 1, 4),
    ]);
    const batches = broker.producers.slice(1).flatMap((producer) => producer.sent);
    expect(batches).toHaveLength(1);
    const byTopic = (batches[0]!.topicMessages ?? []).map((t) => ({
      topic: t.topic,
      keys: t.messages.map((m) => m.key),
    }));
    expect(byTopic).toEqual([
      { topic: 'cases', keys: ['case-a'] },
      { topic: 'cases.access', keys: ['access-i-1'] },
    ]);
  });
});
