import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { readRequestContext } from './request-context';
import { formatTraceparent, parseTraceparent, traceContextFrom } from './trace-context';

const requestWith = (headers: Record<string, string>): IncomingMessage =>
  ({ headers }) as unknown as IncomingMessage;

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('the request context', () => {
  it('generates a request id and uses it as the correlation id when none is sent', () => {
    const context = readRequestContext(requestWith({}));
    expect(context.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.correlationId).toBe(context.reqId);
  });

  it('accepts a well-formed x-request-id and x-correlation-id', () => {
    const context = readRequestContext(
      requestWith({ 'x-request-id': 'req-1', 'x-correlation-id': 'corr:42' }),
    );
    expect(context).toMatchObject({ reqId: 'req-1', correlationId: 'corr:42' });
  });

  it.each(['has spaces', 'x'.repeat(129), '{"a":1}', ''])('replaces a malformed id %j', (bad) => {
    const context = readRequestContext(requestWith({ 'x-request-id': bad, 'x-correlation-id': bad }));
    expect(context.reqId).not.toBe(bad);
    expect(context.correlationId).toBe(context.reqId);
  });

  it('continues a valid incoming trace with a span of its own', () => {
    const { trace } = readRequestContext(requestWith({ traceparent: VALID }));
    expect(trace).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      sampled: true,
    });
    expect(trace.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(trace.spanId).not.toBe('00f067aa0ba902b7');
  });
});

describe('traceparent', () => {
  it('parses version 00 and formats it back', () => {
    expect(parseTraceparent(VALID)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      sampled: true,
    });
    expect(formatTraceparent({ ...parseTraceparent(VALID)!, sampled: true })).toBe(VALID);
  });

  it.each([
    ['no header', undefined],
    ['garbage', 'hello'],
    ['upper case', VALID.toUpperCase()],
    ['all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['all-zero span id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['extra field on version 00', `${VALID}-extra`],
    ['short trace id', '00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01'],
  ])('rejects %s, and a new trace starts', (_, header) => {
    expect(parseTraceparent(header)).toBeNull();
    const trace = traceContextFrom(header);
    expect(trace.parentSpanId).toBeNull();
    expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('accepts a later version with more fields', () => {
    expect(parseTraceparent(`01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-more`)).toMatchObject({
      sampled: false,
    });
  });
});

describe('redaction', () => {
  const capture = () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    return { logger: createLogger('info', 'test', stream), lines };
  };

  it('logs one JSON object per line with the level by name', () => {
    const { logger, lines } = capture();
    logger.info({ caseId: 'case-1' }, 'hello');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'info',
      app: 'test',
      msg: 'hello',
      caseId: 'case-1',
    });
  });

  it.each([
    ['credentials', { req: { headers: { authorization: 'Bearer SECRET', cookie: 'SECRET' } } }],
    ['a body', { body: { anything: 'SECRET' } }],
    ['a nested body', { failure: { response: { body: 'SECRET' } } }],
    ['pii', { event: { pii: { ciphertext: 'SECRET' } } }],
    ['names', { client: { givenName: 'SECRET', familyName: 'SECRET', name: 'SECRET' } }],
    [
      'dob, phone, email, address',
      { c: { dob: 'SECRET', phone: 'SECRET', email: 'SECRET', address: 'SECRET' } },
    ],
    ['free text', { entry: { data: { notes: 'SECRET', narrative: 'SECRET' } } }],
    ['set-cookie', { res: { headers: { 'set-cookie': 'SECRET' } } }],
  ])('never writes %s', (_, fields) => {
    const { logger, lines } = capture();
    logger.warn(fields, 'something');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('SECRET');
    expect(lines[0]).toContain('[redacted]');
  });

  it('logs an error by kind and stack frames, never its message', () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error('duplicate key { name: "SECRET" }') }, 'failed');
    expect(lines[0]).not.toContain('SECRET');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      err: { type: 'Error', stack: expect.stringMatching(/at /) },
    });
  });
});
