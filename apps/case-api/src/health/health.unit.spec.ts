import { eventually } from '../../../../test/support/http';
import { embeddedApi } from '../testing/api-harness';
import { given } from '../testing/given';
import { ShutdownState } from '@casetrail/platform';

const probe = async (url: string, path: string) => {
  // No token at all: an orchestrator's probe has none.
  const response = await fetch(`${url}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('GET /health/live and /health/ready: probes without a token', () => {
  const api = embeddedApi();

  it('is alive, and ready once the store answers and publisher and projectors caught up', async () => {
    await given(api).case().ready;
    expect(await probe(api.url, '/health/live')).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'ok' }),
    });
    await eventually(async () =>
      expect(await probe(api.url, '/health/ready')).toEqual({
        status: 200,
        body: expect.objectContaining({
          status: 'ok',
          info: {
            database: expect.objectContaining({ status: 'up' }),
            // Embedded: delivered in process, no broker to ask.
            publisher: expect.objectContaining({ status: 'up', lag: 0 }),
            projector: expect.objectContaining({ status: 'up', lag: 0 }),
            accessProjector: expect.objectContaining({ status: 'up', lag: 0 }),
          },
        }),
      }),
    );
  });

  it('says what it checks in the OpenAPI document, as public operations', async () => {
    const doc = (await (await fetch(`${api.url}/docs/json`)).json()) as {
      paths: Record<string, { get?: { security?: unknown[]; responses: Record<string, unknown> } }>;
    };
    for (const path of ['/health/live', '/health/ready']) {
      expect(doc.paths[path]?.get?.security).toEqual([]);
      expect(Object.keys(doc.paths[path]?.get?.responses ?? {})).toEqual(
        expect.arrayContaining(['200', '503']),
      );
    }
  });

  // Last: the app stays shutting down for the rest of the file.
  it('answers 503 shutting_down from the start of shutdown, alive all the same', async () => {
    api.app.get(ShutdownState).begin();
    expect(await probe(api.url, '/health/ready')).toEqual({
      status: 503,
      body: expect.objectContaining({ status: 'shutting_down' }),
    });
    expect((await probe(api.url, '/health/live')).status).toBe(200);
  });
});
