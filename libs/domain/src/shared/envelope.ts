import type { Actor } from './metadata';

/** What the store and the audit trail add to a decided event. */
export interface EventEnvelope {
  readonly eventId: string;
  readonly schemaVersion: number;
  /** The case id for case events. */
  readonly streamId: string;
  /** Position in its stream: 1-based and gapless. */
  readonly version: number;
  /** Position in the global commit order across all streams: 1-based and gapless. */
  readonly position: number;
  /** When the system learned of it (the event's own `occurredAt` is when it happened). */
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  /**
   * The W3C trace context the event was recorded under (`00-<traceId>-<spanId>-<flags>`, the span
   * of the request or process that appended it); absent on events stored before it was kept.
   */
  readonly traceparent?: string;
}

/**
 * A domain event as stored and published: flat, so that a recorded event is
 * still a valid domain event and folds without unwrapping. Distributes over
 * a union, so narrowing on `type` keeps working.
 */
export type Recorded<E> = E extends unknown ? E & EventEnvelope : never;

/** What an append carries before the store assigns `version` and `position`. */
export type Pending<E> = E extends unknown ? E & Omit<EventEnvelope, 'version' | 'position'> : never;
