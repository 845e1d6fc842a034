import { Logger } from '@nestjs/common';
import type { StreamFamily } from '@casetrail/domain';
import type { BatchHandler, EventTransport } from '@casetrail/messaging';

/** How the projector notices a consumer that is gone while the process lives on. */
export interface StallWatchOptions {
  /**
   * Called when a subscription has had messages waiting for `stallMs` without a batch coming to
   * its handler: the consumer is gone and no retry brought it back. The projector app exits
   * non-zero here, so that its supervisor starts a fresh process; without it, it is only logged.
   */
  readonly onStall?: (group: string, lag: number) => void;
  readonly stallMs?: number;
  readonly checkMs?: number;
  /** Longest wait for the lag; a broker that does not answer is no stall of the consumer's. */
  readonly lagTimeoutMs?: number;
}

export const STALL_WATCH = Symbol('StallWatchOptions');

const STALL_MS = 45_000;
const CHECK_MS = 5_000;
const LAG_TIMEOUT_MS = 5_000;

interface Watched {
  readonly group: string;
  readonly family: StreamFamily;
  busy: number;
  /** When a batch last started or ended, or the lag was last seen at 0. */
  lastSign: number;
  checking: boolean;
}

/**
 * Watches subscriptions for the state kafkajs can leave a consumer in (tulios/kafkajs #1568,
 * #1630): crashed for good, or rejoining without end, while the process is alive and idle.
 * A subscription is stalled when, for `stallMs`, no batch was in its handler and the lag stayed
 * above 0. The transport replaces a crashed consumer itself; this is the last resort if that fails.
 */
export class StallWatch {
  private readonly logger = new Logger('Projector');
  private readonly watched: Watched[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly stallMs: number;
  private readonly lagTimeoutMs: number;

  constructor(
    private readonly transport: EventTransport,
    private readonly options: StallWatchOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.stallMs = options.stallMs ?? STALL_MS;
    this.lagTimeoutMs = options.lagTimeoutMs ?? LAG_TIMEOUT_MS;
  }

  /** The handler to subscribe with: the same one, watched. */
  watch(group: string, family: StreamFamily, handler: BatchHandler): BatchHandler {
    const state: Watched = { group, family, busy: 0, lastSign: this.now(), checking: false };
    this.watched.push(state);
    if (!this.timer) {
      this.timer = setInterval(() => void this.checkAll(), this.options.checkMs ?? CHECK_MS);
      this.timer.unref();
    }
    return async (events) => {
      state.busy++;
      state.lastSign = this.now();
      try {
        return await handler(events);
      } finally {
        state.busy--;
        state.lastSign = this.now();
      }
    };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One round of checks; the timer runs it, tests may too. */
  async checkAll(): Promise<void> {
    await Promise.all(this.watched.map((state) => this.check(state)));
  }

  private async check(state: Watched): Promise<void> {
    if (state.busy > 0 || state.checking || this.now() - state.lastSign < this.stallMs) return;
    state.checking = true;
    try {
      const lag = await this.lagOf(state);
      if (lag === null) return;
      if (lag === 0) {
        state.lastSign = this.now();
        return;
      }
      const idle = Math.round((this.now() - state.lastSign) / 1000);
      this.logger.error(
        `Consumer of ${state.group} stalled: ${lag} messages waiting and no batch for ${idle} s` +
          (this.options.onStall ? '; exiting so that the supervisor restarts the projector' : ''),
      );
      // Said once per stall period, not at every check.
      state.lastSign = this.now();
      this.options.onStall?.(state.group, lag);
    } finally {
      state.checking = false;
    }
  }

  private async lagOf(state: Watched): Promise<number | null> {
    let timeout: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        this.transport.lag(state.group, state.family),
        new Promise<null>((resolve) => {
          timeout = setTimeout(() => resolve(null), this.lagTimeoutMs);
        }),
      ]);
    } catch {
      return null;
    } finally {
      clearTimeout(timeout);
    }
  }
}
