import { MongoServerError, type Collection, type Db } from 'mongodb';
import {
  assertAppendable,
  stamp,
  WrongExpectedVersionError,
  type AppendResult,
  type EventStore,
  type EventStoreOptions,
  type EventToAppend,
  type ReadAllResult,
  type StoredEvent,
} from '../event-store.port';

/**
 * One document per commit, so a commit is atomic without multi-document
 * transactions (FerretDB has none):
 *   _id   global position of the commit's first event (the commit owns _id.._id+count-1)
 *   sv    `${streamId}@${fromVersion}`, unique: two commits cannot start at one version
 *   page  floor(_id / PAGE_SIZE): equality reads that FerretDB pushes down to its backend
 *
 * Positions are claimed, not counted: a writer inserts at the end of the last commit it
 * knows; a duplicate `_id` means someone else claimed that slot, so it moves to the new
 * end and tries again. The unique index makes a later claim wait for an earlier one, so
 * commits become visible in position order and the log has no holes to wait out.
 */
interface CommitDocument {
  _id: number;
  sv: string;
  streamId: string;
  fromVersion: number;
  toVersion: number;
  page: number;
  count: number;
  events: StoredEvent[];
}

export const PAGE_SIZE = 1024;
const pageOf = (position: number): number => Math.floor(position / PAGE_SIZE);
const DUPLICATE_KEY = 11000;
const MAX_SEEN_HEADS = 50_000;
const SEALED_PAGES_CACHED = 4;
/** Holders stepped past one lookup at a time before walking pages instead. */
const MAX_STEPS = 32;
const MAX_KNOWN_ENDS = 10_000;
/**
 * Commits a reader steps through by `_id` before it reads pages instead. FerretDB pushes down only
 * equality: one `_id` lookup takes milliseconds, a page of 700 commits hundreds of them.
 */
const TAIL_STEPS = 64;

export class MongoEventStore implements EventStore {
  private readonly commits: Collection<CommitDocument>;
  /** End of the last commit this process saw: where its next claim starts. */
  private nextPosition: number | null = null;
  /**
   * Stream heads this instance has seen. Commits are never removed, so a head once seen is a
   * commit boundary forever, which is all the `sv` argument needs: appending at a seen head
   * skips the head read, and a stale one still collides on `sv`.
   */
  private readonly seenHeads = new Map<string, number>();
  private readonly sealedPages = new Map<number, CommitDocument[]>();
  /** Positions known to start a commit or to be the end of the log (commit ends seen): where `_id` steps can start. */
  private readonly knownEnds = new Set<number>();
  private latestKnownEnd: number | null = null;
  /** Set when stepping ran out before the log's end; cleared by a read that reaches it. */
  private readerBehind = false;
  /** Claims from one process go one at a time; racing each other for one slot only costs retries. */
  private claimQueue: Promise<unknown> = Promise.resolve();

  private readonly upcast: ((event: StoredEvent) => StoredEvent) | undefined;

  constructor(db: Db, collectionName = 'events', options: EventStoreOptions = {}) {
    this.upcast = options.upcast;
    this.commits = db.collection<CommitDocument>(collectionName);
    // The first commit always starts at position 1.
    this.knowEnd(1);
  }

  async init(): Promise<this> {
    await this.commits.createIndex({ sv: 1 }, { unique: true, name: 'stream_version_unique' });
    await this.commits.createIndex({ streamId: 1 }, { name: 'stream' });
    await this.commits.createIndex({ page: 1 }, { name: 'page' });
    return this;
  }

  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly EventToAppend[],
  ): Promise<AppendResult> {
    assertAppendable(streamId, expectedVersion, events);
    // The check makes `sv` sufficient: a writer only claims `stream@N+1` after seeing N as
    // the stream's head, so any concurrent commit at or past N+1 collides on `sv`.
    if (this.seenHeads.get(streamId) !== expectedVersion) {
      const actual = await this.streamVersion(streamId);
      if (actual !== expectedVersion) throw new WrongExpectedVersionError(streamId, expectedVersion, actual);
    }
    const claim = this.claimQueue.then(() => this.claim(streamId, expectedVersion, events));
    this.claimQueue = claim.catch(() => undefined);
    return claim;
  }

  async readStream(streamId: string, fromVersion = 1): Promise<readonly StoredEvent[]> {
    const docs = (await this.commits.find({ streamId }).toArray()).sort(
      (a, b) => a.fromVersion - b.fromVersion,
    );
    this.seeHead(streamId, docs.at(-1)?.toVersion ?? 0);
    const events = docs.flatMap((doc) => doc.events).filter((event) => event.version >= fromVersion);
    return this.upcast ? events.map(this.upcast) : events;
  }

  async readAll(after: number, limit: number): Promise<ReadAllResult> {
    const events: StoredEvent[] = [];
    let expected = after + 1;
    // At a commit boundary, a reader that is caught up or nearly so (the publisher, mostly) steps
    // commit by commit by `_id`, an indexed lookup, instead of reading a page, which FerretDB
    // decodes whole (seconds for a full one). No commit at the boundary means nothing later is
    // visible either: claims become visible in position order. A reader known to be far behind
    // (the last step round ran out, or the log's known end is far ahead) goes to pages at once.
    const farBehind = this.readerBehind || (this.latestKnownEnd ?? 0) - expected > TAIL_STEPS;
    if (!farBehind && this.isKnownEnd(expected)) {
      for (let step = 0; events.length < limit; step++) {
        if (step === TAIL_STEPS) {
          this.readerBehind = true;
          break;
        }
        const doc = await this.commits.findOne({ _id: expected });
        if (!doc) return this.tailed(events, expected, limit);
        for (const event of doc.events) {
          if (events.length >= limit) return this.tailed(events, expected, limit);
          events.push(event);
          expected = event.position + 1;
        }
        this.knowEnd(expected);
      }
      if (events.length >= limit) return this.tailed(events, expected, limit);
    }
    // The commit holding `expected` starts in its page or, being at most MAX_EVENTS_PER_COMMIT long, the one before.
    let page = Math.max(0, pageOf(expected) - 1);
    while (events.length < limit) {
      const docs = await this.pageDocuments(page);
      for (const doc of docs) {
        if (doc._id + doc.count <= expected) continue;
        if (doc._id > expected) break; // never seen: claims are visible in position order
        for (const event of doc.events) {
          if (event.position < expected || events.length >= limit) continue;
          events.push(event);
          expected = event.position + 1;
        }
        if (expected === doc._id + doc.count) this.knowEnd(expected);
      }
      // A commit starting at `expected` would be in its page; if that is the page just read, there is none yet.
      if (pageOf(expected) <= page) break;
      page = pageOf(expected);
    }
    return this.tailed(events, expected, limit);
  }

  /** A read that came back short reached the log's end: the next one may step again. */
  private tailed(events: StoredEvent[], expected: number, limit: number): ReadAllResult {
    if (events.length < limit) this.readerBehind = false;
    return { events: this.upcast ? events.map(this.upcast) : events, checkpoint: expected - 1 };
  }

  async headPosition(): Promise<number> {
    // From the last end this process knows, step over the few commits made since by `_id`;
    // the page walk is for a process that knows nothing yet, or is far behind.
    let end = Math.max(this.nextPosition ?? 1, this.latestKnownEnd ?? 1);
    for (let step = 0; ; step++) {
      if (step === MAX_STEPS) {
        end = await this.findEnd(end);
        break;
      }
      const holder = await this.commits.findOne({ _id: end }, { projection: { count: 1 } });
      if (!holder) break;
      end = holder._id + holder.count;
    }
    this.knowEnd(end);
    return end - 1;
  }

  async close(): Promise<void> {
    await this.claimQueue;
  }

  /**
   * A page whose commits reach past its end can gain no commit: claims only ever go at the end
   * of the log. Such a sealed page is cached, so paging through the log reads each page once.
   */
  private async pageDocuments(page: number): Promise<CommitDocument[]> {
    const sealed = this.sealedPages.get(page);
    if (sealed) return sealed;
    const docs = (await this.commits.find({ page }).toArray()).sort((a, b) => a._id - b._id);
    const last = docs.at(-1);
    if (last && last._id + last.count >= (page + 1) * PAGE_SIZE) {
      this.sealedPages.set(page, docs);
      if (this.sealedPages.size > SEALED_PAGES_CACHED)
        this.sealedPages.delete(this.sealedPages.keys().next().value!);
    }
    return docs;
  }

  private async claim(
    streamId: string,
    expectedVersion: number,
    events: readonly EventToAppend[],
  ): Promise<AppendResult> {
    let position = this.nextPosition ?? (await this.findEnd(1));
    for (let lost = 0; ;) {
      const stamped = stamp(streamId, expectedVersion, position, events);
      const last = stamped[stamped.length - 1]!;
      try {
        await this.commits.insertOne(
          {
            _id: position,
            sv: `${streamId}@${expectedVersion + 1}`,
            streamId,
            fromVersion: expectedVersion + 1,
            toVersion: last.version,
            page: pageOf(position),
            count: stamped.length,
            events: stamped,
          },
          // An absent optional field stays absent, as in the journal; the driver would store null.
          { ignoreUndefined: true },
        );
        this.nextPosition = last.position + 1;
        this.knowEnd(this.nextPosition);
        this.seeHead(streamId, last.version);
        return { nextExpectedVersion: last.version, lastPosition: last.position, events: stamped };
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
        position = await this.afterLostClaim(streamId, expectedVersion, position, ++lost);
      }
    }
  }

  /**
   * A duplicate key means the slot or the stream version was taken. The slot's holder says
   * which: step past a holder (a few single lookups, then a page walk when far behind); no
   * holder means our stream version went to someone else.
   */
  private async afterLostClaim(streamId: string, expectedVersion: number, position: number, lost: number) {
    const holder = await this.commits.findOne({ _id: position }, { projection: { count: 1 } });
    if (holder)
      return lost <= MAX_STEPS ? holder._id + holder.count : this.findEnd(holder._id + holder.count);
    const actual = await this.streamVersion(streamId);
    if (actual !== expectedVersion) throw new WrongExpectedVersionError(streamId, expectedVersion, actual);
    return position;
  }

  private async streamVersion(streamId: string): Promise<number> {
    const docs = await this.commits.find({ streamId }, { projection: { toVersion: 1 } }).toArray();
    const head = docs.reduce((max, doc) => Math.max(max, doc.toVersion), 0);
    this.seeHead(streamId, head);
    return head;
  }

  private isKnownEnd(position: number): boolean {
    return this.knownEnds.has(position);
  }

  /** Commits are never removed, so an end once seen stays a commit boundary forever. */
  private knowEnd(position: number): void {
    this.knownEnds.delete(position);
    this.knownEnds.add(position);
    if (this.knownEnds.size > MAX_KNOWN_ENDS) this.knownEnds.delete(this.knownEnds.values().next().value!);
    if (this.latestKnownEnd === null || position > this.latestKnownEnd) this.latestKnownEnd = position;
  }

  private seeHead(streamId: string, version: number): void {
    // Re-inserting keeps the map in recency order, so the oldest entry is the first to go.
    this.seenHeads.delete(streamId);
    this.seenHeads.set(streamId, version);
    if (this.seenHeads.size > MAX_SEEN_HEADS) this.seenHeads.delete(this.seenHeads.keys().next().value!);
  }

  /** The first unclaimed position at or after `from` (itself the end of a known commit). */
  private async findEnd(from: number): Promise<number> {
    let end = from;
    for (let page = Math.max(0, pageOf(from) - 1); ; page = pageOf(end)) {
      const docs = await this.commits.find({ page }, { projection: { _id: 1, count: 1 } }).toArray();
      for (const doc of docs) end = Math.max(end, doc._id + doc.count);
      if (pageOf(end) <= page) return end;
    }
  }
}
