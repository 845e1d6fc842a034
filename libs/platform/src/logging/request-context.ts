import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatTraceparent, traceContextFrom, type TraceContext } from './trace-context';

export const REQUEST_ID_HEADER = 'x-request-id';
export const CORRELATION_ID_HEADER = 'x-correlation-id';
export const TRACEPARENT_HEADER = 'traceparent';

/** Ids a client sends are only ever values, never field names or text: the same rule as other header tokens. */
export const ID_TOKEN = /^[A-Za-z0-9._:@-]{1,128}$/;

/** What every log line of one request carries, and what the request's events are tied together by. */
export interface RequestContext {
  readonly reqId: string;
  readonly correlationId: string;
  readonly trace: TraceContext;
}

const headerOf = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const validId = (value: string | undefined): string | null =>
  value !== undefined && ID_TOKEN.test(value) ? value : null;

/**
 * From the request's headers: its own id (a malformed one is replaced, never echoed), the
 * correlation id (the request id when none is sent) and the trace (continued or new).
 */
export const readRequestContext = (request: IncomingMessage): RequestContext => {
  const reqId = validId(headerOf(request, REQUEST_ID_HEADER)) ?? randomUUID();
  return {
    reqId,
    correlationId: validId(headerOf(request, CORRELATION_ID_HEADER)) ?? reqId,
    trace: traceContextFrom(headerOf(request, TRACEPARENT_HEADER)),
  };
};

const contexts = new WeakMap<IncomingMessage, RequestContext>();

/** The one context of a request: read once, whoever asks first (the edge middleware or the request logger). */
export const requestContextOf = (request: IncomingMessage): RequestContext => {
  let context = contexts.get(request);
  if (!context) {
    context = readRequestContext(request);
    contexts.set(request, context);
  }
  return context;
};

/** The fields a request's log lines carry besides `reqId`. */
export const requestLogFields = (context: RequestContext) => ({
  correlationId: context.correlationId,
  traceId: context.trace.traceId,
  spanId: context.trace.spanId,
});

/**
 * Express-style middleware: fixes the request's context before anything else runs and echoes
 * the ids in the response, so a client can quote them (and a body-parser failure has them too).
 */
export const requestContextMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: () => void,
): void => {
  const context = requestContextOf(request);
  response.setHeader(REQUEST_ID_HEADER, context.reqId);
  response.setHeader(CORRELATION_ID_HEADER, context.correlationId);
  response.setHeader(TRACEPARENT_HEADER, formatTraceparent(context.trace));
  next();
};
