import { Logger, type ArgumentsHost } from '@nestjs/common';
import { MongoNetworkError, MongoServerError, MongoServerSelectionError } from 'mongodb';
import { AccessLogUnavailableError } from '@casetrail/event-store';
import { DomainError } from '@casetrail/domain';
import { ErrorFilter } from './error.filter';

const respond = (error: unknown, filter = new ErrorFilter()) => {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const response = {
    setHeader(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
    },
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  const request = { path: '/cases', method: 'POST' };
  const host = {
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => request }),
  } as unknown as ArgumentsHost;
  filter.catch(error, host);
  return sent;
};

describe('ErrorFilter', () => {
  it('answers 409 CLIENT_DATA_ERASED: no request can make an erased case take a command', () => {
    const sent = respond(new DomainError('CLIENT_DATA_ERASED', 'The client data of case c-1 was erased'));
    expect(sent.status).toBe(409);
    expect(sent.body).toMatchObject({ status: 409, code: 'CLIENT_DATA_ERASED' });
    expect(respond(new DomainError('CASE_CLOSED', 'closed')).status).toBe(422);
  });

  it('answers 503 ACCESS_LOG_UNAVAILABLE when a read could not be recorded, naming no client', () => {
    const sent = respond(new AccessLogUnavailableError(new Error('insert failed for Ada Moss')));
    expect(sent.status).toBe(503);
    expect(sent.body).toEqual({
      type: 'urn:casetrail:problem:access-log-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: expect.any(String),
      instance: '/cases',
      code: 'ACCESS_LOG_UNAVAILABLE',
      message: expect.any(String),
    });
    expect(sent.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.stringify(sent.body)).not.toContain('Ada');
  });

  it('adds Retry-After to ACCESS_LOG_UNAVAILABLE: the access log is back when the database is', () => {
    const sent = respond(new AccessLogUnavailableError(new MongoNetworkError('connection reset')));
    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBe('2');
  });

  const selection = () =>
    new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:27017 while inserting Ada Moss', {
      type: 'Unknown',
      servers: new Map(),
      stale: false,
      compatible: true,
      heartbeatFrequencyMS: 10_000,
      localThresholdMS: 15,
      setName: null,
      maxElectionId: null,
      maxSetVersion: null,
      commonWireVersion: 0,
      logicalSessionTimeoutMinutes: null,
    } as never);

  const ferretDbWithoutPostgres = () =>
    new MongoServerError({
      code: 1,
      codeName: 'InternalError',
      errmsg:
        'failed to connect to `user=postgres database=ferretdb`: 127.0.0.1:5433: dial error: connect: connection refused',
    });

  it.each([
    ['no server could be selected', selection],
    ['the connection broke', () => new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed')],
    ['FerretDB could not reach PostgreSQL', ferretDbWithoutPostgres],
    ['a primary stepped down', () => new MongoServerError({ code: 189, errmsg: 'stepped down' })],
    ['the failure came wrapped', () => new Error('append failed', { cause: selection() })],
  ])('answers 503 SERVICE_UNAVAILABLE with Retry-After when %s, naming no host and no client', (_, make) => {
    const sent = respond(make());
    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBe('2');
    expect(sent.body).toEqual({
      type: 'urn:casetrail:problem:service-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail: expect.any(String),
      instance: '/cases',
      code: 'SERVICE_UNAVAILABLE',
      message: expect.any(String),
      dependency: 'database',
    });
    expect(JSON.stringify(sent.body)).not.toMatch(/Ada|127\.0\.0\.1|postgres/);
  });

  it('answers 503 when Kafka did not answer', () => {
    const error = new Error('Connection timeout');
    error.name = 'KafkaJSConnectionError';
    const sent = respond(error);
    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBe('2');
    expect(sent.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', dependency: 'kafka' });
  });

  it('keeps other server errors 500s without Retry-After: a bug, not an outage', () => {
    for (const error of [
      new MongoServerError({ code: 1, codeName: 'InternalError', errmsg: 'unsupported operator $foo' }),
      new MongoServerError({ code: 2, codeName: 'BadValue', errmsg: 'bad' }),
      new Error('boom'),
    ]) {
      const sent = respond(error);
      expect(sent.status).toBe(500);
      expect(sent.headers['retry-after']).toBeUndefined();
    }
  });

  it('logs an outage once per interval, by the class and code of what failed, never its message', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const filter = new ErrorFilter();
      for (let i = 0; i < 3; i++)
        respond(new AccessLogUnavailableError(new MongoNetworkError('reset while writing Ada Moss')), filter);
      expect(warn).toHaveBeenCalledTimes(1);
      const [line] = warn.mock.calls[0] as [string];
      expect(line).toContain('database unavailable');
      expect(line).toContain('MongoNetworkError');
      expect(line).not.toContain('Ada');
    } finally {
      warn.mockRestore();
    }
  });
});
