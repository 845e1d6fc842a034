import { createHash, timingSafeEqual } from 'node:crypto';
import { canonicalJson, HASH_PREFIX } from '../chain/hash-chain';
import type { EventStore, StoredEvent } from '../event-store.port';

/**
 * An anchor: a signed running digest over the whole global log up to `through`, so that what the
 * per-stream chains cannot show (a whole stream removed, or a stream's tail cut) still shows.
 *
 *   digest_n = sha256( prevDigest "\n" || for each event at a position in (through_{n-1}, through_n],
 *              in position order: "position|streamId|version|hash\n" )
 *   mac_n    = HMAC under the anchor key over the canonical JSON of the anchor without `mac`
 *
 * What anchors prove, and what they do not:
 * - Every event at or below the last anchor's `through` is the one that was there when it was
 *   anchored: removing, adding, reordering or re-hashing any of them changes a digest, and a
 *   digest cannot be redone without the anchor key (which the database does not hold in clear).
 * - Events after the last anchor are covered by their streams' chains only: removing a whole
 *   stream, or a stream's last events, that came after the last anchor goes unseen.
 * - Anchors are numbered 1..N without gaps, so deleting one in the middle shows; deleting the
 *   latest anchors together with the events they covered does not, unless the digests the writer
 *   logged (a witness outside the database) are compared with what verify reports.
 * - Someone holding the anchor key (so the master key) can forge anchors.
 */
export interface Anchor {
  readonly n: number;
  /** The last global position this anchor covers. */
  readonly through: number;
  readonly digest: string;
  /** The digest of anchor n-1 (GENESIS_DIGEST for the first). */
  readonly prevDigest: string;
  /** How many events the anchor's range held. */
  readonly events: number;
  /** ISO-8601 instant it was written. */
  readonly at: string;
  /** base64url HMAC. */
  readonly mac: string;
}

export type AnchorMac = (bytes: Buffer) => Buffer;

export const GENESIS_DIGEST = '';

/** The part of an event an anchor's digest takes in. */
export type AnchoredEvent = Pick<StoredEvent, 'position' | 'streamId' | 'version' | 'hash'>;

/** A digest over the events of one anchor's range, fed in position order. */
export class RunningDigest {
  private readonly hash = createHash('sha256');
  events = 0;

  constructor(prevDigest: string) {
    this.hash.update(`${prevDigest}\n`, 'utf8');
  }

  add(event: AnchoredEvent): void {
    // Ids and numbers only: stream ids are case ids, never client data.
    this.hash.update(`${event.position}|${event.streamId}|${event.version}|${event.hash ?? ''}\n`, 'utf8');
    this.events++;
  }

  digest(): string {
    return HASH_PREFIX + this.hash.copy().digest('hex');
  }
}

export const anchorMacOf = (anchor: Omit<Anchor, 'mac'>, mac: AnchorMac): string => {
  const { n, through, digest, prevDigest, events, at } = anchor;
  return mac(Buffer.from(canonicalJson({ n, through, digest, prevDigest, events, at }), 'utf8')).toString(
    'base64url',
  );
};

export const anchorMacMatches = (anchor: Anchor, mac: AnchorMac): boolean => {
  const expected = Buffer.from(anchorMacOf(anchor, mac), 'utf8');
  const actual = Buffer.from(String(anchor.mac), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
};

/** Where anchors are kept: a MongoDB collection (external mode) or a file in the data dir (embedded). */
export interface AnchorStore {
  /** The anchor with the highest `n`, or null when there is none. */
  latest(): Promise<Anchor | null>;
  /** Every anchor in `n` order, and where stored anchors could not be read (file lines). */
  list(): Promise<{ readonly anchors: readonly Anchor[]; readonly damaged: readonly string[] }>;
  /** Stores anchor `n`; false when `n` is taken (another process anchored first). */
  insert(anchor: Anchor): Promise<boolean>;
}

export interface AnchorWriterOptions {
  /**
   * The app's store will do, upcasting and sealing included: the digest takes only each event's
   * position, stream, version and stored hash, which neither changes.
   */
  readonly store: EventStore;
  readonly anchors: AnchorStore;
  readonly mac: AnchorMac;
  readonly clock: () => string;
  readonly batchSize?: number;
}

export class AnchorWriter {
  constructor(private readonly options: AnchorWriterOptions) {}

  /**
   * Appends the next anchor when the log moved on since the last one, reading only the events
   * since then; null when nothing new was committed or another process anchored first.
   */
  async anchor(): Promise<Anchor | null> {
    const { store, anchors, mac, clock } = this.options;
    const batchSize = this.options.batchSize ?? 1000;
    const last = await anchors.latest();
    const from = last?.through ?? 0;
    // Fixed first, so that a busy log does not keep one anchor reading forever.
    const head = await store.headPosition();
    if (head <= from) return null;
    const running = new RunningDigest(last?.digest ?? GENESIS_DIGEST);
    let through = from;
    for (let checkpoint = from; checkpoint < head;) {
      const page = await store.readAll(checkpoint, batchSize);
      if (page.events.length === 0) break;
      for (const event of page.events) {
        if (event.position > head) break;
        running.add(event);
        through = event.position;
      }
      checkpoint = page.checkpoint;
    }
    if (running.events === 0) return null;
    const body = {
      n: (last?.n ?? 0) + 1,
      through,
      digest: running.digest(),
      prevDigest: last?.digest ?? GENESIS_DIGEST,
      events: running.events,
      at: clock(),
    };
    const anchor: Anchor = { ...body, mac: anchorMacOf(body, mac) };
    return (await anchors.insert(anchor)) ? anchor : null;
  }
}
