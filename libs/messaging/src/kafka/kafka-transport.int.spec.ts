import { randomUUID } from 'node:crypto';
import { KafkaJSNonRetriableError } from 'kafkajs';
import type { StoredEvent } from '@casetrail/event-store';
import { describeTransportContract } from '../testing/transport.contract';
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

const stored = (streamId: string, version: number, position: number): StoredEvent => ({
  eventId: randomUUID(),
  type: 'ContactRecorded',
  schemaVersion: 1,
  streamId,
  version,
  position,
  occurredAt: '2026-03-01T10:00:00.000Z',
  recordedAt: '2026-03-01T10:05:00.000Z',
  actor: { id: 'worker-1', role: 'case_manager' },
  correlationId: 'corr',
  causationId: 'cause',
  data: { n: position },
  pii: {},
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
      await transport.publish([stored('case-c', 1, 1), stored('case-c', 2, 2)]);
      const deadline = Date.now() + 60_000;
      while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(seen).toEqual([1, 2]);
      expect(transport.crashes).toBe(1);
      await transport.publish([stored('case-c', 3, 3)]);
      while (seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(seen).toEqual([1, 2, 3]);
    } finally {
      await subscription.close();
      await transport.close();
    }
  });
});
