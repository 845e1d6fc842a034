import { randomUUID } from 'node:crypto';
import { Kafka, KafkaJSNonRetriableError, logLevel, type KafkaMessage } from 'kafkajs';
import { describeTransportContract, transportedEvent } from '../testing/transport.contract';
import { DEAD_LETTER_HEADERS, deadLetterTopic, KafkaTransport } from './kafka-transport';

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

describe('KafkaTransport: dead letters', () => {
  it('parks the message the handler named, not another one carrying the same event id', async () => {
    const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
    const topic = `ct-forged-${randomUUID().slice(0, 8)}`;
    const transport = new KafkaTransport({
      brokers,
      clientId: 'casetrail-forged',
      topic,
      partitions: 1,
      replicationFactor: 1,
    });
    await transport.ensureTopic();
    const real = transportedEvent('case-f', 1, 1);
    // A copy of a real event claiming another version: same id, another message.
    const forged = { ...real, version: 999 };
    let handled = 0;
    const subscription = await transport.subscribe(`g-${randomUUID().slice(0, 8)}`, (events) => {
      handled += events.length;
      return Promise.resolve(
        events.filter((e) => e.version === 999).map((event) => ({ event, reason: 'forged' })),
      );
    });
    const kafka = new Kafka({ clientId: 'casetrail-forged-reader', brokers, logLevel: logLevel.NOTHING });
    const reader = kafka.consumer({ groupId: `r-${randomUUID().slice(0, 8)}` });
    try {
      await transport.publish([real, forged, transportedEvent('case-f', 2, 2)]);
      await reader.connect();
      await reader.subscribe({ topic: deadLetterTopic(topic), fromBeginning: true });
      const letters: KafkaMessage[] = [];
      await reader.run({ eachMessage: ({ message }) => Promise.resolve(void letters.push(message)) });
      const deadline = Date.now() + 30_000;
      while ((handled < 3 || letters.length < 1) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 500));
      expect(letters).toHaveLength(1);
      expect(letters[0]!.headers?.[DEAD_LETTER_HEADERS.originalOffset]?.toString()).toBe('1');
      expect((JSON.parse(letters[0]!.value!.toString()) as { streamVersion: number }).streamVersion).toBe(
        999,
      );
    } finally {
      await reader.disconnect();
      await subscription.close();
      await transport.close();
    }
  });
});
