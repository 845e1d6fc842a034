import { randomUUID } from 'node:crypto';
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
