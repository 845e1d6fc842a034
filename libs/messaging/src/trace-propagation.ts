import { randomBytes } from 'node:crypto';
import type { StoredEvent } from '@casetrail/event-store';

// The form Casetrail writes (version 00); anything else on an event is not continued.
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface TraceParts {
  readonly traceId: string;
  /** The span this one descends from. */
  readonly parentSpanId: string;
  readonly spanId: string;
  readonly flags: string;
}

/**
 * A new span as a child of a `traceparent`: the same trace, a fresh span id, the same flags.
 * Null for a missing or malformed one (an event recorded before traces were kept).
 */
export const childSpanOf = (traceparent: string | undefined | null): TraceParts | null => {
  const match = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent) : null;
  if (!match) return null;
  const [, traceId = '', parentSpanId = '', flags = ''] = match;
  if (/^0+$/.test(traceId) || /^0+$/.test(parentSpanId)) return null;
  return { traceId, parentSpanId, spanId: randomBytes(8).toString('hex'), flags };
};

export const traceparentOf = (span: Pick<TraceParts, 'traceId' | 'spanId' | 'flags'>): string =>
  `00-${span.traceId}-${span.spanId}-${span.flags}`;

/**
 * The trace context a consumed event arrived with: the message's `traceparent` header (the
 * publisher's span) when a transport saw one, else the event's own (a transport without headers,
 * the embedded mode). Kept beside the event, not on it: the event is what was stored and hashed.
 */
const delivered = new WeakMap<StoredEvent, string>();

export const rememberDeliveredTrace = (event: StoredEvent, traceparent: string | undefined): void => {
  if (traceparent !== undefined && TRACEPARENT.test(traceparent)) delivered.set(event, traceparent);
};

export const deliveredTraceOf = (event: StoredEvent): string | undefined =>
  delivered.get(event) ?? event.traceparent;

/** The fields a consumer's log line about one event carries: its own span, a child of the delivered one. */
export const consumerTraceFields = (
  event: StoredEvent,
): { traceId: string; spanId: string; parentSpanId: string } | null => {
  const span = childSpanOf(deliveredTraceOf(event));
  return span ? { traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId } : null;
};

/** A span once it has ended, as an exporter receives it (OpenTelemetry's names for the parts). */
export interface FinishedSpan {
  readonly name: string;
  readonly kind: 'server' | 'internal' | 'producer' | 'consumer';
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | null;
  readonly startTime: string;
  readonly durationMs: number;
  /** Ids, names and counts only: never a value from a request or an event's content. */
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
}

export interface SpanExporter {
  export(span: FinishedSpan): void;
}

/**
 * The process's one exporter, set at start-up from OTEL_TRACES_EXPORTER; none (the default)
 * leaves it null, and then no span is made at all: nothing is exported, nothing phones home.
 */
let exporter: SpanExporter | null = null;

export const setSpanExporter = (next: SpanExporter | null): void => {
  exporter = next;
};

export const tracingEnabled = (): boolean => exporter !== null;

export const exportSpan = (span: FinishedSpan): void => {
  exporter?.export(span);
};

/** A span's start and duration from a `performance.now()` reading taken when it began. */
export const timing = (startedAt: number, wallStart: number): { startTime: string; durationMs: number } => ({
  startTime: new Date(wallStart).toISOString(),
  durationMs: Math.round((performance.now() - startedAt) * 1000) / 1000,
});
