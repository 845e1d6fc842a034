import { randomUUID } from 'node:crypto';
import {
  ACCESS_EVENT_SCHEMA_VERSION,
  accessEvent,
  accessStreamId,
  type AccessEntry,
} from '@casetrail/domain';
import {
  MAX_EVENTS_PER_COMMIT,
  type AppendResult,
  type EventStore,
  type EventToAppend,
} from '../event-store.port';

/**
 * The access log could not be written, so the read it was to record must not answer.
 * Its message names no client and no case: it may reach a response and a log line.
 */
export class AccessLogUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The access log could not be recorded; the read was refused', { cause });
    this.name = 'AccessLogUnavailableError';
  }
}

export interface AccessRecorderOptions {
  /** Names this process's access stream; random by default, so processes never share one. */
  readonly instanceId?: string;
  /** Entries per commit, at most MAX_EVENTS_PER_COMMIT. */
  readonly maxBatch?: number;
  /** Called after each commit, e.g. to wake the publisher. */
  readonly onAppended?: (result: AppendResult) => void;
  /**
   * How long a record may wait for its commit before it is refused (the read then fails rather
   * than hangs on a stalled database). The append may still land: a read refused but recorded
   * errs on the safe side. Default 10 s.
   */
  readonly timeoutMs?: number;
}

export const DEFAULT_ACCESS_RECORD_TIMEOUT_MS = 10_000;

interface Waiter {
  readonly event: EventToAppend;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * Records reads in this process's access stream, `access-<instanceId>`, and resolves only
 * once the record is durable. Group commit: the first entry is appended at once; entries
 * arriving while an append is in flight wait and go together in the next append (one commit,
 * one fsync or one insert), and all of them resolve or reject with it. A stream of its own per
 * process means no two writers ever race for a version, so an append fails only when the
 * store does; after a failure the recorder moves to a fresh stream (see `rotate`).
 */
export class AccessRecorder {
  private stream: string;
  private readonly maxBatch: number;
  private queue: Waiter[] = [];
  private flushing: Promise<void> | null = null;
  /** The version of the stream this recorder writes: it is that stream's only writer. */
  private version = 0;
  private closed = false;

  constructor(
    private readonly store: EventStore,
    private readonly options: AccessRecorderOptions = {},
  ) {
    this.stream = accessStreamId(options.instanceId ?? randomUUID());
    this.maxBatch = Math.min(options.maxBatch ?? MAX_EVENTS_PER_COMMIT, MAX_EVENTS_PER_COMMIT);
    if (!Number.isInteger(this.maxBatch) || this.maxBatch < 1)
      throw new RangeError(`maxBatch must be a positive integer, got ${this.maxBatch}`);
  }

  /** The access stream the next commit goes to. */
  get streamId(): string {
    return this.stream;
  }

  /**
   * Resolves when the entry is in the event store; rejects with AccessLogUnavailableError
   * when it could not be written (and RangeError for an entry that is not a valid record).
   */
  record(entry: AccessEntry): Promise<void> {
    if (this.closed) return Promise.reject(new AccessLogUnavailableError(new Error('recorder closed')));
    let event: EventToAppend;
    try {
      const decided = accessEvent(entry);
      event = {
        ...decided,
        eventId: randomUUID(),
        schemaVersion: ACCESS_EVENT_SCHEMA_VERSION[decided.type],
        streamId: this.stream,
        recordedAt: entry.at,
        actor: entry.actor,
        correlationId: entry.correlationId,
        // A read is caused by the request it answers, which the correlation id names.
        causationId: entry.correlationId,
      };
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_ACCESS_RECORD_TIMEOUT_MS;
    return new Promise<void>((resolve, reject) => {
      // The entry stays queued and may still be written: a refused read that is recorded
      // anyway errs on the safe side; the append's own outcome settles the stream's version.
      const timer = setTimeout(() => {
        reject(new AccessLogUnavailableError(new Error(`no commit within ${timeoutMs} ms`)));
      }, timeoutMs);
      timer.unref();
      this.queue.push({
        event,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.flushing ??= this.flush();
    });
  }

  /** Waits for what is queued to be written (or to fail), then refuses new entries. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const result = await this.append(batch.map((w) => w.event));
          for (const waiter of batch) waiter.resolve();
          this.notify(result);
        } catch (error) {
          this.rotate();
          const failure = new AccessLogUnavailableError(error);
          for (const waiter of batch) waiter.reject(failure);
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  /** A wake-up call must not turn a durable record into a failure. */
  private notify(result: AppendResult): void {
    try {
      this.options.onAppended?.(result);
    } catch {
      // The publisher polls anyway.
    }
  }

  /**
   * After a failed commit the stream's version is in doubt (the append may have landed, as
   * when only its acknowledgement was lost), so the next commit starts a fresh stream at
   * version 0 instead of reading this one's head back, which on a long-lived process is a
   * long stream. The events of the abandoned stream, landed or not, stay where they are.
   */
  private rotate(): void {
    this.stream = accessStreamId(randomUUID());
    this.version = 0;
  }

  private async append(events: readonly EventToAppend[]): Promise<AppendResult> {
    const stream = this.stream;
    const result = await this.store.append(
      stream,
      this.version,
      events.map((event) => ({ ...event, streamId: stream })),
    );
    this.version = result.nextExpectedVersion;
    return result;
  }
}
