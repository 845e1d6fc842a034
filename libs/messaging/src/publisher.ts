import { isPublishedStream } from '@casetrail/domain';
import type { EventStore } from '@casetrail/event-store';
import type { PublisherLease } from './lease.port';
import type { CheckpointStore, EventTransport } from './transport.port';

export interface PublisherOptions {
  readonly name: string;
  readonly batchSize: number;
  /** How long to sleep when caught up, unless woken by `notify`. */
  readonly idleMs: number;
  /**
   * While events keep coming, the running loop saves its checkpoint at most this often (and
   * whenever it falls idle, and on stop): a save per batch would be a database write for every
   * access commit. A crash repeats at most this much, which consumers tolerate (at least once).
   * 0 saves after every batch. Default 1000.
   */
  readonly checkpointIntervalMs?: number;
  /** The clock for the interval; a test's own. */
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
  /**
   * Where several processes could publish (one database, many instances), only the lease's holder
   * does; the rest wait and take over when it stops renewing. None: this is the only publisher.
   */
  readonly lease?: PublisherLease;
  /** Told how many events each accepted batch held (the throughput metric). */
  readonly onPublished?: (count: number) => void;
  /** Told when this publisher takes or loses the lease. */
  readonly onLease?: (held: boolean) => void;
}

/** Thrown before a batch when the lease is no longer held: another process may be publishing. */
export class LeaseLostError extends Error {
  constructor() {
    super('The publisher lease is no longer held; another process may hold it');
    this.name = 'LeaseLostError';
  }
}

/**
 * Moves committed events from the store's global log to the transport, in commit
 * order, saving its position only after the transport accepted a batch. A crash
 * between the two republishes that batch: delivery is at least once, never lost.
 * The write path never publishes: this is the only way out of the store.
 */
export class Publisher {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** Set by a notify that arrives mid-drain, so that wake-up is not lost. */
  private dirty = false;
  /**
   * The checkpoint as this publisher last saved it, so a drain after every append costs no
   * read of it; forgotten after a failure, when what was saved is in doubt. Another publisher
   * moving it meanwhile only makes this one repeat a batch, which consumers already tolerate.
   */
  private position: number | null = null;
  /** What the checkpoint store holds, as far as this publisher knows, and since when. */
  private saved: number | null = null;
  private savedAt = Number.NEGATIVE_INFINITY;
  private holding = false;
  /** A waiting publisher asks for the lease once per renewal interval, however often it is notified. */
  private nextLeaseTryAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly store: EventStore,
    private readonly transport: EventTransport,
    private readonly checkpoints: CheckpointStore,
    private readonly options: PublisherOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * How far this publisher has published, saved or not yet (null until it has read its
   * checkpoint, and after a failure, when that is in doubt).
   */
  get publishedPosition(): number | null {
    return this.position;
  }

  /** Whether this publisher holds its lease (it publishes only then); false without a lease. */
  get holdsLease(): boolean {
    return this.holding;
  }

  /** Called after an append so the publisher need not wait out its idle sleep. */
  notify(): void {
    this.dirty = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    const wasRunning = this.running;
    this.running = false;
    this.notify();
    await this.loop;
    if (!this.options.lease || this.options.lease.held()) {
      // An append just before the stop woke a loop that then saw it stopping: publish it now, so a
      // clean shutdown (HTTP drained first, nothing appends any more) leaves nothing for the next start.
      if (wasRunning && (!this.options.lease || this.holding))
        await this.publishAll(0).catch((error: unknown) => this.options.onError?.(error));
      await this.saveCheckpoint().catch((error: unknown) => this.options.onError?.(error));
    }
    // Handed over at once, instead of after a term, to whoever waits.
    await this.options.lease?.release().catch((error: unknown) => this.options.onError?.(error));
  }

  /** Publishes everything committed so far and saves the checkpoint; returns it. For tests, tools and shutdown. */
  async drain(): Promise<number> {
    const checkpoint = await this.publishAll(0);
    await this.saveCheckpoint();
    return checkpoint;
  }

  private async publishAll(saveEveryMs: number): Promise<number> {
    let checkpoint = this.position ?? (await this.loadCheckpoint());
    this.position = checkpoint;
    try {
      for (;;) {
        const page = await this.store.readAll(checkpoint, this.options.batchSize);
        if (page.events.length === 0) return checkpoint;
        if (this.options.lease && !(await this.stillHeld(this.options.lease))) throw new LeaseLostError();
        // Configuration streams (vocabularies, programs' forms) stay in the store: no subscriber here
        // or downstream has a contract for them; the events that used them say what they decided.
        const published = page.events.filter((event) => isPublishedStream(event.streamId));
        if (published.length > 0) await this.transport.publish(published);
        this.options.onPublished?.(page.events.length);
        checkpoint = page.checkpoint;
        this.position = checkpoint;
        if (this.clock() - this.savedAt >= saveEveryMs) await this.saveCheckpoint();
        // A short batch reached the log's end: asking again would find nothing, and an append
        // since then has notified the loop, which drains again.
        if (page.events.length < this.options.batchSize) return checkpoint;
      }
    } catch (error) {
      this.position = null;
      throw error;
    }
  }

  /**
   * Before a batch: renews the lease when a renewal is due (a round trip at most once per renewal
   * interval; else only the local check). A drain longer than the held window (a backlog after a
   * takeover, a slow read of the log under load) used to find the lease lapsed before every next
   * batch, since it was renewed only between drains: it threw LeaseLostError, started over and,
   * when one read outlasted the window, never published at all. A renewal that finds a later term
   * still fences this process out.
   */
  private async stillHeld(lease: PublisherLease): Promise<boolean> {
    // `acquire` renews only when due; otherwise it answers `held()` without a round trip.
    try {
      return (await lease.acquire()) && lease.held();
    } catch (error) {
      this.options.onError?.(error);
      return lease.held();
    }
  }

  private clock(): number {
    return (this.options.now ?? Date.now)();
  }

  private async loadCheckpoint(): Promise<number> {
    const checkpoint = await this.checkpoints.load(this.options.name);
    this.saved = checkpoint;
    return checkpoint;
  }

  /** Saves what was published, if the store does not hold it yet. */
  private async saveCheckpoint(): Promise<void> {
    const position = this.position;
    if (position === null || position === this.saved) return;
    try {
      await this.checkpoints.save(this.options.name, position);
    } catch (error) {
      // What the store holds is in doubt now: read it back before the next batch.
      this.position = null;
      this.saved = null;
      throw error;
    }
    this.saved = position;
    this.savedAt = this.clock();
  }

  private async run(): Promise<void> {
    const interval = this.options.checkpointIntervalMs ?? 1000;
    while (this.running) {
      this.dirty = false;
      if (!(await this.hold())) {
        await this.sleep(this.options.lease?.renewMs ?? this.options.idleMs);
        continue;
      }
      try {
        await this.publishAll(interval);
      } catch (error) {
        this.options.onError?.(error);
      }
      if (!this.running) break;
      if (this.dirty) continue;
      const woken = await this.sleep(this.options.idleMs);
      // Idle for a while: nothing more to batch the save with.
      if (!woken && (!this.options.lease || this.holding))
        await this.saveCheckpoint().catch((error: unknown) => this.options.onError?.(error));
    }
  }

  /** Sleeps, unless woken by `notify` (true) or `stop`. */
  private async sleep(ms: number): Promise<boolean> {
    const woken = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    this.wake = null;
    return woken;
  }

  /**
   * With a lease: takes or renews it. A publisher that has just taken it reads the checkpoint
   * afresh, since the previous holder moved it; one that lost it forgets its position likewise.
   */
  private async hold(): Promise<boolean> {
    const lease = this.options.lease;
    if (!lease) return true;
    if (!this.holding && this.clock() < this.nextLeaseTryAt) return false;
    this.nextLeaseTryAt = this.clock() + lease.renewMs;
    let held: boolean;
    try {
      held = await lease.acquire();
    } catch (error) {
      this.options.onError?.(error);
      held = lease.held();
    }
    if (held !== this.holding) {
      this.holding = held;
      this.position = null;
      this.saved = null;
      this.options.onLease?.(held);
    }
    return held;
  }
}
