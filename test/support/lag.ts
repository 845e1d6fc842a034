import { Kafka, logLevel, type Admin } from 'kafkajs';

/**
 * Reads topic and consumer-group offsets with its own admin client, independently of the
 * transport under test, so a bug in `KafkaTransport.lag` cannot hide a lagging projector.
 */
export class KafkaProbe {
  private constructor(private readonly admin: Admin) {}

  static async connect(brokers = process.env.KAFKA_BROKERS ?? ''): Promise<KafkaProbe> {
    const kafka = new Kafka({
      clientId: 'casetrail-test-probe',
      brokers: brokers.split(','),
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    return new KafkaProbe(admin);
  }

  /** Messages ever written to the topic (retention keeps everything), over all partitions. */
  async messageCount(topic: string): Promise<number> {
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  }

  /** Offsets the group has committed on the topic, summed; 0 before its first commit. */
  async committed(group: string, topic: string): Promise<number> {
    const [offsets] = await this.admin.fetchOffsets({ groupId: group, topics: [topic] });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  }

  /** Messages on the topic the group has not committed yet, over all partitions. */
  async lag(group: string, topic: string): Promise<number> {
    const [ends, [offsets]] = await Promise.all([
      this.admin.fetchTopicOffsets(topic),
      this.admin.fetchOffsets({ groupId: group, topics: [topic] }),
    ]);
    const committed = new Map((offsets?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    return ends.reduce((sum, end) => {
      const at = committed.get(end.partition) ?? -1;
      return sum + Number(end.high) - (at < 0 ? Number(end.low) : at);
    }, 0);
  }

  async deleteTopics(...topics: string[]): Promise<void> {
    const existing = await this.admin.listTopics();
    const doomed = topics.filter((t) => existing.includes(t));
    if (doomed.length > 0) await this.admin.deleteTopics({ topics: doomed });
  }

  /** Best effort: a group a live (or SIGKILLed, until its session expires) member holds is refused. */
  async deleteGroups(...groups: string[]): Promise<void> {
    await this.admin.deleteGroups(groups).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
  }
}
