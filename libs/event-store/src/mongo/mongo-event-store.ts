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
import { chain } from '../chain/hash-chain';

/**
 * One document per commit, so a commit is atomic without multi-document
 * transactions (FerretDB has none):
 *   _id   global position of the commit's first event (the commit owns _id.._id+count-1)
 *   sv    `${streamId}@${fromVersion}`, unique: two commits cannot start at one version
 *   page  floor(_id / PAGE_SIZE): equality reads that FerretDB pushes down to its backend
 *   headHash  the hash of the commit's last event: what the stream's next commit links to, read
 *         with the head's version (commits written before the hash chain have none)
 *
 * Positions are claimed, not counted: a writer inserts at the end of the last commit it
 * knows; a duplicate `_id` means someone else claimed that slot, so it moves to the new
 * end and tries again. The unique index makes a later claim wait for an earlier one, so
 * commits become visible in position order, so in normal operation the log has no holes.
 *
 * A hole can still appear: a commit document deleted by hand, or lost by a database that acknowledged
 * it without making it durable. A reader that finds positions missing while the log goes on past them
 * waits `holeWaitMs` (a claim in flight fills it), then passes the hole by inserting a *passed hole*
 * document over it: an empty commit that records when and why, so every other reader passes it too,
 * and that takes the slot for good: a late claim of that position gets a duplicate key and moves to
 * the end of the log, so nothing is ever delivered out of order or dropped after being passed.
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
  headHash?: string;
  /** Set on a passed hole only: the recorded fact that these positions were skipped. */
  hole?: PassedHole;
}

/** What a reader records when it passes missing positions. */
export interface PassedHole {
  readonly from: number;
  /** The first position after the hole, where the log goes on. */
  readonly to: number;
  readonly detectedAt: string;
  readonly passedAt: string;
  readonly waitedMs: number;
  readonly reason: string;
}

export interface MongoEventStoreOptions extends EventStoreOptions {
  /** How long a missing position is waited for before it is passed (default 5000). */
  readonly holeWaitMs?: number;
  /**
   * How long a reader sits at the log's end before it looks past it for a hole it cannot see by
   * stepping (default 1000); it then looks less often while nothing changes, up to every 30 s.
   */
  readonly holeProbeMs?: number;
  /** Told once per hole this instance passes: the loud part (a log line, a metric). */
  readonly onHolePassed?: (hole: PassedHole) => void;
  readonly now?: () => number;
}

/** A stream's last version and the hash of its event there (null for a new stream or one from before the chain). */
interface StreamHead {
  readonly version: number;
  readonly hash: string | null;
}

const headHashOf = (doc: CommitDocument): string | null => doc.headHash ?? doc.events.at(-1)?.hash ?? null;

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
const HOLE_STREAM = '$passed-hole';
const MAX_PROBE_INTERVAL_MS = 30_000;

export class MongoEventStore implements EventStore {
  private readonly commits: Collection<CommitDocument>;
  /** End of the last commit this process saw: where its next claim starts. */
  private nextPosition: number | null = null;
  /**
   * Stream heads this instance has seen. Commits are never removed, so a head once seen is a
   * commit boundary forever, which is all the `sv` argument needs: appending at a seen head
   * skips the head read, and a stale one still collides on `sv`.
   */
  private readonly seenHeads = new Map<string, StreamHead>();
  private readonly sealedPages = new Map<number, CommitDocument[]>();
  /** Positions known to start a commit or to be the end of the log (commit ends seen): where `_id` steps can start. */
  private readonly knownEnds = new Set<number>();
  private latestKnownEnd: number | null = null;
  /** Set when stepping ran out before the log's end; cleared by a read that reaches it. */
  private readerBehind = false;
  /** Claims from one process go one at a time; racing each other for one slot only costs retries. */
  private claimQueue: Promise<unknown> = Promise.resolve();

  private readonly upcast: ((event: StoredEvent) => StoredEvent) | undefined;
  private readonly holeWaitMs: number;
  private readonly holeProbeMs: number;
  private readonly onHolePassed: ((hole: PassedHole) => void) | undefined;
  private readonly now: () => number;
  /** Missing positions seen with the log going on past them, since when (this instance's clock). */
  private readonly suspectedHoles = new Map<number, { detectedAt: number; to: number }>();
  /** Where a reader last sat at the log's end, and when it next looks past it. */
  private tail: { position: number; nextProbeAt: number; interval: number } | null = null;
  private passed = 0;

  constructor(db: Db, collectionName = 'events', options: MongoEventStoreOptions = {}) {
    this.upcast = options.upcast;
    this.holeWaitMs = options.holeWaitMs ?? 5000;
    this.holeProbeMs = options.holeProbeMs ?? 1000;
    this.onHolePassed = options.onHolePassed;
    this.now = options.now ?? Date.now;
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
    let head = this.seenHeads.get(streamId);
    if (head?.version !== expectedVersion) {
      head = await this.streamHead(streamId);
      if (head.version !== expectedVersion)
        throw new WrongExpectedVersionError(streamId, expectedVersion, head.version);
    }
    // A head once seen never changes (commits are never removed), so its hash is safe to link to
    // even from the cache; a stale cache still collides on `sv`.
    const linked = chain(head.hash, stamp(streamId, expectedVersion, 0, events));
    const claim = this.claimQueue.then(() => this.claim(streamId, expectedVersion, linked));
    this.claimQueue = claim.catch(() => undefined);
    return claim;
  }

  async readStream(streamId: string, fromVersion = 1): Promise<readonly StoredEvent[]> {
    const docs = (await this.commits.find({ streamId }).toArray()).sort(
      (a, b) => a.fromVersion - b.fromVersion,
    );
    const last = docs.at(-1);
    this.seeHead(streamId, { version: last?.toVersion ?? 0, hash: last ? headHashOf(last) : null });
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
        if (!doc) {
          // The log's end, or a hole the log goes on past: passed once waited out, then stepped over.
          const to = await this.beyondTail(expected);
          if (to === null || !(await this.passHole(expected, to)))
            return this.tailed(events, expected, limit);
          continue;
        }
        for (const event of doc.events) {
          if (events.length >= limit) return this.tailed(events, expected, limit);
          events.push(event);
          expected = event.position + 1;
        }
        // All of it read; a passed hole has no events to move `expected` past it.
        expected = doc._id + doc.count;
        this.knowEnd(expected);
      }
      if (events.length >= limit) return this.tailed(events, expected, limit);
    }
    // The commit holding `expected` starts in its page or, being at most MAX_EVENTS_PER_COMMIT long, the one before.
    let page = Math.max(0, pageOf(expected) - 1);
    while (events.length < limit) {
      const docs = await this.pageDocuments(page);
      let gapTo: number | null = null;
      for (const doc of docs) {
        if (doc._id + doc.count <= expected) continue;
        if (doc._id > expected) {
          gapTo = doc._id;
          break;
        }
        if (doc.hole) expected = doc._id + doc.count;
        for (const event of doc.events) {
          if (event.position < expected || events.length >= limit) continue;
          events.push(event);
          expected = event.position + 1;
        }
        if (expected === doc._id + doc.count) this.knowEnd(expected);
      }
      if (gapTo !== null && events.length < limit) {
        // Claims are visible in position order, so a commit after missing positions means a hole.
        if (!(await this.passHole(expected, gapTo))) break;
        continue; // the same page again, with the hole's record in it
      }
      // A commit starting at `expected` would be in its page; if that is the page just read, there is none yet.
      if (pageOf(expected) <= page) break;
      page = pageOf(expected);
    }
    return this.tailed(events, expected, limit);
  }

  /** Holes this instance has passed since it was opened (each also logged and recorded in the log). */
  get holesPassed(): number {
    return this.passed;
  }

  /**
   * Nothing at `expected`: is that the log's end, or does the log go on past a hole? Known at once
   * when this instance has seen a later commit end; otherwise looked up only now and then, less often
   * while nothing changes, since looking reads pages and FerretDB decodes them whole.
   */
  private async beyondTail(expected: number): Promise<number | null> {
    const suspected = this.suspectedHoles.get(expected);
    if (suspected) return suspected.to;
    const now = this.now();
    if (this.tail?.position !== expected) {
      const knownLater = (this.latestKnownEnd ?? 0) > expected;
      this.tail = {
        position: expected,
        nextProbeAt: knownLater ? now : now + this.holeProbeMs,
        interval: this.holeProbeMs,
      };
    }
    if (now < this.tail.nextProbeAt) return null;
    const to = await this.firstCommitAfter(expected);
    if (to === null) {
      this.tail.interval = Math.min(this.tail.interval * 2, MAX_PROBE_INTERVAL_MS);
      this.tail.nextProbeAt = now + this.tail.interval;
    }
    return to;
  }

  /** The first commit after `position` in its page or the next: a hole longer than that is not seen. */
  private async firstCommitAfter(position: number): Promise<number | null> {
    for (const page of [pageOf(position), pageOf(position) + 1]) {
      const ids = (await this.commits.find({ page }, { projection: { _id: 1 } }).toArray())
        .map((doc) => doc._id)
        .filter((id) => id > position);
      if (ids.length > 0) return Math.min(...ids);
    }
    return null;
  }

  /**
   * Waits out missing positions `from`..`to - 1` for `holeWaitMs` from when they were first seen
   * (false meanwhile: the reader returns what it has and asks again), then records them as passed.
   * True when the positions hold something now: the record, or the commit that was only late.
   */
  private async passHole(from: number, to: number): Promise<boolean> {
    const now = this.now();
    let suspected = this.suspectedHoles.get(from);
    if (!suspected) {
      suspected = { detectedAt: now, to };
      this.suspectedHoles.set(from, suspected);
    }
    if (now - suspected.detectedAt < this.holeWaitMs) return false;
    this.suspectedHoles.delete(from);
    const hole: PassedHole = {
      from,
      to,
      detectedAt: new Date(suspected.detectedAt).toISOString(),
      passedAt: new Date(now).toISOString(),
      waitedMs: now - suspected.detectedAt,
      reason: `positions ${from}..${to - 1} missing while the log goes on at ${to}`,
    };
    try {
      await this.commits.insertOne({
        _id: from,
        sv: `${HOLE_STREAM}@${from}`,
        streamId: HOLE_STREAM,
        fromVersion: 0,
        toVersion: 0,
        page: pageOf(from),
        count: to - from,
        events: [],
        hole,
      });
    } catch (error) {
      // Filled meanwhile: by the commit that was only late, or by another reader that passed it first.
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return true;
      throw error;
    } finally {
      this.sealedPages.delete(pageOf(from));
    }
    this.passed++;
    this.knowEnd(to);
    this.onHolePassed?.(hole);
    return true;
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

  /** `events` come linked; only their positions change from one try to the next (the hash does not cover them). */
  private async claim(
    streamId: string,
    expectedVersion: number,
    events: readonly StoredEvent[],
  ): Promise<AppendResult> {
    let position = this.nextPosition ?? (await this.findEnd(1));
    for (let lost = 0; ;) {
      const stamped = events.map((event, i) => ({ ...event, position: position + i }));
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
            headHash: last.hash,
          },
          // An absent optional field stays absent, as in the journal; the driver would store null.
          { ignoreUndefined: true },
        );
        this.nextPosition = last.position + 1;
        this.knowEnd(this.nextPosition);
        this.seeHead(streamId, { version: last.version, hash: last.hash ?? null });
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
    const actual = (await this.streamHead(streamId)).version;
    if (actual !== expectedVersion) throw new WrongExpectedVersionError(streamId, expectedVersion, actual);
    return position;
  }

  private async streamHead(streamId: string): Promise<StreamHead> {
    const docs = await this.commits
      .find({ streamId }, { projection: { toVersion: 1, headHash: 1 } })
      .toArray();
    const last = docs.reduce<(typeof docs)[number] | null>(
      (max, doc) => (max === null || doc.toVersion > max.toVersion ? doc : max),
      null,
    );
    const head = { version: last?.toVersion ?? 0, hash: last?.headHash ?? null };
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

  private seeHead(streamId: string, head: StreamHead): void {
    // Re-inserting keeps the map in recency order, so the oldest entry is the first to go.
    this.seenHeads.delete(streamId);
    this.seenHeads.set(streamId, head);
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
