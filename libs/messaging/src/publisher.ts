import type { EventStore } from '@casetrail/event-store';
import type { CheckpointStore, EventTransport } from './transport.port';

export interface PublisherOptions {
  readonly name: string;
  readonly batchSize: number;
  /** How long to sleep when caught up, unless woken by `notify`. */
  readonly idleMs: number;
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

  /** Called after an append so the publisher need not wait out its idle sleep. */
  notify(): void {
    this.dirty = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await this.loop;
  }

  /** Publishes everything committed so far; returns the new checkpoint. For tests, tools and shutdown. */
  async drain(): Promise<number> {
    let checkpoint = this.position ?? (await this.checkpoints.load(this.options.name));
    this.position = checkpoint;
    try {
      for (;;) {
        const page = await this.store.readAll(checkpoint, this.options.batchSize);
        if (page.events.length === 0) return checkpoint;
        await this.transport.publish(page.events);
        await this.checkpoints.save(this.options.name, page.checkpoint);
        checkpoint = page.checkpoint;
        this.position = checkpoint;
        // A short batch reached the log's end: asking again would find nothing, and an append
        // since then has notified the loop, which drains again.
        if (page.events.length < this.options.batchSize) return checkpoint;
      }
    } catch (error) {
      this.position = null;
      throw error;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.dirty = false;
      try {
        await this.drain();
      } catch (error) {
        this.options.onError?.(error);
      }
      if (!this.running) break;
      if (this.dirty) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.idleMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }
}
