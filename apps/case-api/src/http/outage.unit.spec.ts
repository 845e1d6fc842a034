import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { EVENT_STORE, type EventStore } from '@casetrail/event-store';
import { embeddedApi } from '../testing/api-harness';
import { given, personas, steps } from '../testing/given';

/** What the driver throws when no server answers within serverSelectionTimeoutMS. */
const noServer = () =>
  new MongoServerSelectionError('connect ECONNREFUSED 127.0.0.1:27017', {
    type: 'Unknown',
    servers: new Map(),
  } as never);

const unavailable = { code: 'SERVICE_UNAVAILABLE', dependency: 'database', message: expect.any(String) };

describe('the database down: 503 with Retry-After, never a 500 or a hang', () => {
  const api = embeddedApi();
  const store = () => api.app.get<EventStore>(EVENT_STORE);

  afterEach(() => jest.restoreAllMocks());

  it('a command whose append fails answers 503 and is not acknowledged: nothing is appended', async () => {
    const opened = await given(api).case().ready;
    const { caseId, version } = opened;
    jest.spyOn(store(), 'append').mockRejectedValue(noServer());
    const answer = await opened
      .when(personas.caseManager)
      .post('/cases/:caseId/assessments', steps.assessed().body)
      .then(503, unavailable, { 'retry-after': '2', 'idempotent-replayed': null });
    expect(JSON.stringify(answer.body)).not.toMatch(/Ada|Moss|127\.0\.0\.1/);
    jest.restoreAllMocks();
    expect((await store().readStream(caseId)).length).toBe(version);

    // The same app serves again once the database does: no restart.
    await opened
      .when(personas.caseManager)
      .post('/cases/:caseId/assessments', steps.assessed().body)
      .then(201, { version: version + 1 });
  });

  it('a command whose read of the stream fails answers 503', async () => {
    const opened = await given(api).case().ready;
    jest.spyOn(store(), 'readStream').mockRejectedValue(new MongoNetworkError('connection 4 closed'));
    await opened
      .when(personas.caseManager)
      .post('/cases/:caseId/assessments', steps.assessed().body)
      .then(503, unavailable, { 'retry-after': '2' });
  });

  it('a query whose freshness check fails answers 503', async () => {
    await given(api).case().ready;
    jest.spyOn(store(), 'headPosition').mockRejectedValue(noServer());
    await new Promise((resolve) => setTimeout(resolve, 600)); // past the freshness cache
    await given(api)
      .nothing()
      .when(personas.administrator)
      .get('/status')
      .then(503, unavailable, { 'retry-after': '2' });
  });
});
