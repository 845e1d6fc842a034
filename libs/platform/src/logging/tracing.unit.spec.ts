import { Writable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventEmitter } from 'node:events';
import { setSpanExporter, tracingEnabled, type FinishedSpan } from '@casetrail/messaging';
import { createLogger } from './logger';
import { httpSpanMiddleware, installTracing, selectSpanExporter } from './tracing';

const captured = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return {
    logger: createLogger('info', 'test', stream),
    lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
};

const span: FinishedSpan = {
  name: 'publish ct-topic',
  kind: 'producer',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '1111111111111111',
  parentSpanId: '00f067aa0ba902b7',
  startTime: '2026-01-01T00:00:00.000Z',
  durationMs: 1.5,
  attributes: { 'casetrail.event_type': 'ClientEngaged' },
};

describe('the traces exporter', () => {
  afterEach(() => setSpanExporter(null));

  it('none (the default): no exporter, so no span is made and nothing is written', () => {
    const { logger, lines } = captured();
    expect(selectSpanExporter({ tracesExporter: 'none' }, logger)).toBeNull();
    installTracing({ observability: { tracesExporter: 'none' } } as never, logger);
    expect(tracingEnabled()).toBe(false);
    expect(lines()).toEqual([]);
  });

  it('console: each span one JSON line through pino', () => {
    const { logger, lines } = captured();
    selectSpanExporter({ tracesExporter: 'console' }, logger)!.export(span);
    const { name, ...rest } = span;
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'info',
        msg: 'span',
        context: 'Tracing',
        span: { operation: name, ...rest },
      }),
    ]);
  });

  it('otlp: refused at start-up, naming the variable (no SDK in this build)', () => {
    const { logger } = captured();
    expect(() => selectSpanExporter({ tracesExporter: 'otlp' }, logger)).toThrow(/OTEL_TRACES_EXPORTER/);
  });

  it('exports the request span by route template when a response finishes, only when tracing is on', () => {
    const request = {
      method: 'POST',
      headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
      route: { path: '/cases/:caseId/contacts' },
    } as unknown as IncomingMessage;
    const response = Object.assign(new EventEmitter(), { statusCode: 201 }) as unknown as ServerResponse;
    const next = jest.fn();
    const spans: FinishedSpan[] = [];
    httpSpanMiddleware(request, response, next);
    response.emit('finish');
    expect(spans).toEqual([]);
    setSpanExporter({ export: (s) => spans.push(s) });
    httpSpanMiddleware(request, response, next);
    response.emit('finish');
    expect(next).toHaveBeenCalledTimes(2);
    expect(spans).toEqual([
      expect.objectContaining({
        name: 'POST /cases/:caseId/contacts',
        kind: 'server',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        parentSpanId: '00f067aa0ba902b7',
        attributes: { 'http.request.method': 'POST', 'http.response.status_code': 201 },
      }),
    ]);
  });
});
