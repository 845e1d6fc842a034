import { randomBytes } from 'node:crypto';

/** A W3C trace context (https://www.w3.org/TR/trace-context/): one trace, the span that is ours. */
export interface TraceContext {
  readonly traceId: string;
  readonly spanId: string;
  /** The caller's span, when the request came with a valid `traceparent`. */
  readonly parentSpanId: string | null;
  readonly sampled: boolean;
}

// Version 00 only; a later version may add fields after the flags, which we ignore as the spec asks.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ALL_ZERO = /^0+$/;

/** The parts of a valid `traceparent` header, or null for anything the spec says to ignore. */
export const parseTraceparent = (
  header: string | undefined | null,
): { traceId: string; spanId: string; sampled: boolean } | null => {
  if (typeof header !== 'string' || header.length > 512) return null;
  const match = TRACEPARENT.exec(header.trim());
  if (!match) return null;
  const [, version = '', traceId = '', spanId = '', flags = '', rest] = match;
  // ff is forbidden; version 00 has exactly four fields.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return null;
  if (ALL_ZERO.test(traceId) || ALL_ZERO.test(spanId)) return null;
  return { traceId, spanId, sampled: (parseInt(flags, 16) & 1) === 1 };
};

export const newSpanId = (): string => randomBytes(8).toString('hex');
export const newTraceId = (): string => randomBytes(16).toString('hex');

/** Continues the caller's trace when its header is valid, else starts a new one; a new span either way. */
export const traceContextFrom = (header: string | undefined | null): TraceContext => {
  const parent = parseTraceparent(header);
  return parent
    ? { traceId: parent.traceId, spanId: newSpanId(), parentSpanId: parent.spanId, sampled: parent.sampled }
    : { traceId: newTraceId(), spanId: newSpanId(), parentSpanId: null, sampled: false };
};

/** The `traceparent` header naming our span, for the response and whatever we call next. */
export const formatTraceparent = (trace: Pick<TraceContext, 'traceId' | 'spanId' | 'sampled'>): string =>
  `00-${trace.traceId}-${trace.spanId}-${trace.sampled ? '01' : '00'}`;
