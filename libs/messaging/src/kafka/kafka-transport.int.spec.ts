import { randomUUID } from 'node:crypto';
import { KafkaJSNonRetriableError } from 'kafkajs';
import { describeTransportContract, transportedEvent } from '../testing/transport.contract';
import { KafkaTransport } from './kafka-transport';

describeTransportContract('Kafka', async () => {
  const transport = new KafkaTransport({
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
    clientId: 'casetrail-contract',
    topic: `ct-contract-${randomUUID().slice(0, 8)}`,
    partitions: 3,
    replicationFactor: 1,
  });
  await transport.ensureTopic();
  return transport;
});

describe('KafkaTransport: a consumer that kafkajs gives up on', () => {
  it('joins the group again with a fresh consumer and goes on delivering, from the last commit', async () => {
    const transport = new KafkaTransport({
      brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
      clientId: 'casetrail-crash',
      topic: `ct-crash-${randomUUID().slice(0, 8)}`,
      partitions: 1,
      replicationFactor: 1,
    });
    await transport.ensureTopic();
    const seen: number[] = [];
    let failOnce = true;
    const subscription = await transport.subscribe(`g-${randomUUID().slice(0, 8)}`, (events) => {
      if (failOnce) {
        failOnce = false;
        // Not retriable: kafkajs crashes the consumer with restart: false and leaves it stopped,
        // as it does when a coordinator has forgotten the member after a broker restart.
        return Promise.reject(new KafkaJSNonRetriableError('The coordinator is not aware of this member'));
      }
      seen.push(...events.map((e) => e.version));
      return Promise.resolve([]);
    });
    try {
      await transport.publish([transportedEvent('case-c', 1, 1), transportedEvent('case-c', 2, 2)]);
      const deadline = Date.now() + 60_000;
      while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(seen).toEqual([1, 2]);
      expect(transport.crashes).toBe(1);
      await transport.publish([transportedEvent('case-c', 3, 3)]);
      while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(seen).toEqual([1, 2, 3]);
    } finally {
      await subscription.close();
      await transport.close();
    }
  });
});
