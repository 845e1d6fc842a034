import type { ArgumentsHost } from '@nestjs/common';
import { AccessLogUnavailableError } from '@casetrail/event-store';
import { ErrorFilter } from './error.filter';

const respond = (error: unknown) => {
  const sent: { status?: number; body?: unknown } = {};
  const response = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new ErrorFilter().catch(error, host);
  return sent;
};

describe('ErrorFilter', () => {
  it('answers 503 ACCESS_LOG_UNAVAILABLE when a read could not be recorded, naming no client', () => {
    const sent = respond(new AccessLogUnavailableError(new Error('insert failed for Ada Moss')));
    expect(sent.status).toBe(503);
    expect(sent.body).toEqual({ code: 'ACCESS_LOG_UNAVAILABLE', message: expect.any(String) });
    expect(JSON.stringify(sent.body)).not.toContain('Ada');
  });
});
