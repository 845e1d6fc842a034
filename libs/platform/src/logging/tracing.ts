import type { IncomingMessage, ServerResponse } from 'node:http';
import { ConfigurationError } from '@casetrail/identity';
import { exportSpan, setSpanExporter, timing, tracingEnabled, type SpanExporter } from '@casetrail/messaging';
import type { Logger } from 'pino';
import type { CasetrailConfig } from '../config';
import { requestContextOf } from './request-context';

/**
 * The exporter OTEL_TRACES_EXPORTER names. `none` (the default): null, so no span is made and
 * nothing leaves the process. `console`: each span as one JSON line through the process's pino
 * logger (`msg: "span"`, the span under `span`), beside its other lines. `otlp` is refused at
 * start-up, naming the variable: the OpenTelemetry SDK and OTLP exporter are not part of this build
 * (their current releases want a newer Node or a narrower @opentelemetry/api than the one installed).
 */
export const selectSpanExporter = (
  observability: Pick<CasetrailConfig['observability'], 'tracesExporter'>,
  logger: Logger,
): SpanExporter | null => {
  switch (observability.tracesExporter) {
    case 'none':
      return null;
    case 'console':
      return {
        // `name` is on the redaction list (a client's name), so the span's name goes as `operation`.
        export: ({ name, ...span }) =>
          logger.info({ context: 'Tracing', span: { operation: name, ...span } }, 'span'),
      };
    case 'otlp':
      throw new ConfigurationError([
        'OTEL_TRACES_EXPORTER=otlp is not available in this build: use none or console (spans as JSON log lines)',
      ]);
    default: {
      const never: never = observability.tracesExporter;
      throw new Error(`Unknown traces exporter ${String(never)}`);
    }
  }
};

/** Sets the process's exporter from the configuration, once at start-up. */
export const installTracing = (config: Pick<CasetrailConfig, 'observability'>, logger: Logger): void =>
  setSpanExporter(selectSpanExporter(config.observability, logger));

/**
 * The request's server span, exported when the response is finished: the request context's own
 * span (continuing the caller's `traceparent`), named by the route template, never the path (a
 * path holds ids a search could join on) nor the query.
 */
export const httpSpanMiddleware = (
  request: IncomingMessage,
  response: ServerResponse,
  next: () => void,
): void => {
  if (!tracingEnabled()) return next();
  const [startedAt, wallStart] = [performance.now(), Date.now()];
  const { trace } = requestContextOf(request);
  response.once('finish', () => {
    const route = (request as IncomingMessage & { route?: { path?: unknown } }).route?.path;
    const name = `${request.method ?? 'HTTP'} ${typeof route === 'string' ? route : '(unmatched)'}`;
    exportSpan({
      name,
      kind: 'server',
      traceId: trace.traceId,
      spanId: trace.spanId,
      parentSpanId: trace.parentSpanId,
      ...timing(startedAt, wallStart),
      attributes: {
        'http.request.method': request.method ?? '',
        'http.response.status_code': response.statusCode,
      },
    });
  });
  next();
};
