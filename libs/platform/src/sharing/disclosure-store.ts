import { closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Collection, Db } from 'mongodb';
import type { InformationCategory } from '@casetrail/domain';

/**
 * The accounting of disclosures (42 CFR Part 2): what went to which partner, about which client's
 * case, under which consents, which categories and fields. No values and no pii: the record is
 * shown to whoever may read one of the client's cases, and kept after an erasure.
 */
export interface DisclosureRecord {
  /** The message id: recording it again after a crash replaces it with the same. */
  readonly messageId: string;
  readonly clientId: string;
  readonly partnerId: string;
  readonly caseId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly kind: 'disclosure' | 'consent-notice';
  readonly consentIds: readonly string[];
  readonly categories: readonly InformationCategory[];
  readonly fields: readonly string[];
  readonly topic: string;
  /** The discloser's clock when it recorded the disclosure (just before sending it). */
  readonly disclosedAt: string;
  /** Global log position of the event: orders a client's records as the events were recorded. */
  readonly position: number;
}

export interface DisclosureStore {
  /** Idempotent by message id. */
  record(record: DisclosureRecord): Promise<void>;
  /** Oldest first (by event position, then message id). */
  forClient(clientId: string): Promise<readonly DisclosureRecord[]>;
  /** Every record, oldest first: what `disclosures --verify` compares with a rebuild. */
  all(): Promise<readonly DisclosureRecord[]>;
  close(): Promise<void>;
}

export const DISCLOSURE_STORE = Symbol('DisclosureStore');

const order = (a: DisclosureRecord, b: DisclosureRecord): number =>
  a.position - b.position || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0);

export class InMemoryDisclosureStore implements DisclosureStore {
  protected readonly records = new Map<string, DisclosureRecord>();

  record(record: DisclosureRecord): Promise<void> {
    this.records.set(record.messageId, record);
    return Promise.resolve();
  }

  forClient(clientId: string): Promise<readonly DisclosureRecord[]> {
    return Promise.resolve([...this.records.values()].filter((r) => r.clientId === clientId).sort(order));
  }

  all(): Promise<readonly DisclosureRecord[]> {
    return Promise.resolve([...this.records.values()].sort(order));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export const DISCLOSURES_FILE = 'disclosures.jsonl';

/**
 * Embedded mode: a line per record in `<dataDir>/disclosures.jsonl`, fsync'd before the message is
 * sent; a record written again (after a crash) replaces the earlier line's on load. A torn last
 * line (a write the crash cut short) was never followed by a send, so it is skipped.
 */
export class FileDisclosureStore extends InMemoryDisclosureStore {
  readonly file: string;

  constructor(dataDir: string) {
    super();
    this.file = join(dataDir, DISCLOSURES_FILE);
    if (!existsSync(this.file)) return;
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const record = JSON.parse(line) as DisclosureRecord;
        this.records.set(record.messageId, record);
      } catch {
        // the torn tail, see above
      }
    }
  }

  override record(record: DisclosureRecord): Promise<void> {
    mkdirSync(dirname(this.file), { recursive: true });
    const fd = openSync(this.file, 'a');
    try {
      writeSync(fd, `${JSON.stringify(record)}\n`);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return super.record(record);
  }
}

type DisclosureDoc = Omit<DisclosureRecord, 'messageId'> & { _id: string };

/** External mode: collection `disclosures`, `_id` the message id. */
export class MongoDisclosureStore implements DisclosureStore {
  private readonly collection: Collection<DisclosureDoc>;
  private indexed: Promise<unknown> | null = null;

  constructor(db: Db, name = 'disclosures') {
    this.collection = db.collection<DisclosureDoc>(name);
  }

  async record(record: DisclosureRecord): Promise<void> {
    this.indexed ??= this.collection.createIndex({ clientId: 1, position: 1 }).catch(() => {
      this.indexed = null;
    });
    await this.indexed;
    const { messageId, ...rest } = record;
    await this.collection.replaceOne({ _id: messageId }, { ...rest }, { upsert: true });
  }

  async forClient(clientId: string): Promise<readonly DisclosureRecord[]> {
    // FerretDB pushes down equality only: the order is applied here.
    return (await this.collection.find({ clientId }).toArray()).map(fromDoc).sort(order);
  }

  async all(): Promise<readonly DisclosureRecord[]> {
    return (await this.collection.find({}).toArray()).map(fromDoc).sort(order);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

const fromDoc = ({ _id, ...rest }: DisclosureDoc): DisclosureRecord => ({ messageId: _id, ...rest });
