import { closeSync, fdatasyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PartnerFeedMessage } from '@casetrail/contracts';
import type { PartnerFeedSink } from './partner-feed-sink';

/**
 * Embedded mode's partner feeds: `<dataDir>/partner-feeds/<partnerId>.jsonl`, a line per message.
 * The pii in each is sealed to the partner, as on Kafka.
 */
export class FilePartnerFeedSink implements PartnerFeedSink {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'partner-feeds');
  }

  fileOf(partnerId: string): string {
    return join(this.dir, `${partnerId}.jsonl`);
  }

  send(_topic: string, message: PartnerFeedMessage): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const fd = openSync(this.fileOf(message.partnerId), 'a');
    try {
      writeSync(fd, `${JSON.stringify(message)}\n`);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** For tests: every message sent, in order. */
export class InMemoryPartnerFeedSink implements PartnerFeedSink {
  readonly sent: { readonly topic: string; readonly message: PartnerFeedMessage }[] = [];
  /** The next `count` sends fail (a broker that is down). */
  failing = 0;

  send(topic: string, message: PartnerFeedMessage): Promise<void> {
    if (this.failing > 0) {
      this.failing -= 1;
      return Promise.reject(new Error('partner feed sink unavailable'));
    }
    this.sent.push({ topic, message });
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
