import { Injectable } from '@nestjs/common';

/**
 * Whether this process has begun to shut down. Readiness reads it first: from the signal on, the
 * orchestrator is told to send no more traffic while what is in flight still finishes.
 */
@Injectable()
export class ShutdownState {
  private since: number | null = null;

  get shuttingDown(): boolean {
    return this.since !== null;
  }

  begin(now = Date.now()): void {
    this.since ??= now;
  }
}
