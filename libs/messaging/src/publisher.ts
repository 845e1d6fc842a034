import type { EventStore } from '@casetrail/event-store';
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

  /** Called after an append so the publisher need not wait out its idle sleep. */
  notify(): void {
    this.dirty = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
    await this.saveCheckpoint().catch((error: unknown) => this.options.onError?.(error));
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
        await this.transport.publish(page.events);
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
      try {
        await this.publishAll(interval);
      } catch (error) {
        this.options.onError?.(error);
      }
      if (!this.running) break;
      if (this.dirty) continue;
      const woken = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), this.options.idleMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
      });
      this.wake = null;
      // Idle for a while: nothing more to batch the save with.
      if (!woken) await this.saveCheckpoint().catch((error: unknown) => this.options.onError?.(error));
    }
  }
}
