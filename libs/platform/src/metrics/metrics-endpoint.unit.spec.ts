import type { NextFunction, Request, Response } from 'express';
import { loadConfig } from '../config';
import { CasetrailMetrics } from './metrics';
import { MetricsEndpointMiddleware } from './metrics-endpoint.middleware';

const TOKEN = 'endpoint-token-0123456789abcdef';

/** What the middleware answered, or that it passed the request on. */
const ask = async (
  env: NodeJS.ProcessEnv,
  request: { path?: string; method?: string; remoteAddress: string; headers?: Record<string, string> },
) => {
  const endpoint = new MetricsEndpointMiddleware(new CasetrailMetrics('case-api'), loadConfig(env));
  return new Promise<{ status: number | 'next'; body?: unknown }>((resolve) => {
    let status = 200;
    const response = {
      status: (code: number) => ((status = code), response),
      setHeader: () => response,
      json: (body: unknown) => resolve({ status, body }),
      send: (body: unknown) => resolve({ status, body }),
    };
    const headers: Record<string, string> = request.headers ?? {};
    endpoint.use(
      {
        originalUrl: request.path ?? '/metrics',
        path: '/',
        method: request.method ?? 'GET',
        socket: { remoteAddress: request.remoteAddress },
        header: (name: string) => headers[name.toLowerCase()],
      } as unknown as Request,
      response as unknown as Response,
      (() => resolve({ status: 'next' })) as NextFunction,
    );
  });
};

describe('the /metrics endpoint', () => {
  it('answers loopback with the text format', async () => {
    const answer = await ask({}, { remoteAddress: '127.0.0.1' });
    expect(answer.status).toBe(200);
    expect(String(answer.body)).toContain('# TYPE casetrail_command_duration_seconds histogram');
  });

  it('refuses another address without a token configured, whatever X-Forwarded-For claims', async () => {
    const answer = await ask(
      {},
      { remoteAddress: '203.0.113.5', headers: { 'x-forwarded-for': '127.0.0.1' } },
    );
    expect(answer).toEqual({ status: 403, body: expect.objectContaining({ code: 'METRICS_FORBIDDEN' }) });
  });

  it('lets another address in with the configured bearer token only', async () => {
    const env = { METRICS_TOKEN: TOKEN };
    expect((await ask(env, { remoteAddress: '203.0.113.5' })).status).toBe(403);
    const wrong = { authorization: 'Bearer endpoint-token-0123456789abcdeX' };
    expect((await ask(env, { remoteAddress: '203.0.113.5', headers: wrong })).status).toBe(403);
    const right = { authorization: `Bearer ${TOKEN}` };
    expect((await ask(env, { remoteAddress: '203.0.113.5', headers: right })).status).toBe(200);
  });

  it('passes other paths and methods on, and everything when METRICS_ENABLED is off (a 404)', async () => {
    expect((await ask({}, { path: '/status', remoteAddress: '127.0.0.1' })).status).toBe('next');
    expect((await ask({}, { method: 'POST', remoteAddress: '127.0.0.1' })).status).toBe('next');
    expect((await ask({ METRICS_ENABLED: 'false' }, { remoteAddress: '127.0.0.1' })).status).toBe('next');
  });
});
