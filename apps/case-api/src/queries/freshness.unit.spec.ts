import { EVENT_TRANSPORT, type EventTransport } from '@casetrail/messaging';
import { embeddedApi } from '../testing/api-harness';
import { given, personas } from '../testing/given';
import { LAG_WAIT_MS, LagCache } from './freshness';

const never = () => new Promise<number>(() => undefined);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LagCache: the projector lag, never waited on for longer than a bound', () => {
  it('answers a fresh reading when Kafka answers within the bound', async () => {
    const lags = new LagCache(() => Promise.resolve(7), 100);
    const { reading, fresh } = await lags.current('case');
    expect(reading?.lag).toBe(7);
    expect(fresh).toBe(true);
  });

  it('answers unknown within the bound when Kafka never answered, then the last reading, stale', async () => {
    let answer: () => Promise<number> = never;
    const lags = new LagCache(() => answer(), 50, 200);
    const started = Date.now();
    expect(await lags.current('case')).toEqual({ reading: null, fresh: false });
    expect(Date.now() - started).toBeLessThan(150);

    answer = () => Promise.resolve(3);
    await sleep(250); // the hung call is given up on; the next check asks again
    expect(await lags.current('case')).toMatchObject({ reading: { lag: 3 }, fresh: true });

    answer = never;
    await sleep(250);
    const again = Date.now();
    expect(await lags.current('case')).toMatchObject({ reading: { lag: 3 }, fresh: false });
    // A call already past its bound is not waited for again.
    await sleep(60);
    const next = Date.now();
    expect(await lags.current('case')).toMatchObject({ reading: { lag: 3 }, fresh: false });
    expect(Date.now() - next).toBeLessThan(20);
    expect(next - again).toBeGreaterThanOrEqual(50);
  });

  it('keeps the last reading when Kafka fails, and asks again on the next check', async () => {
    const read = jest.fn<Promise<number>, []>().mockResolvedValueOnce(2).mockRejectedValue(new Error('down'));
    const lags = new LagCache(read, 50);
    await lags.current('case');
    expect(await lags.current('case')).toMatchObject({ reading: { lag: 2 }, fresh: false });
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('keeps each family apart', async () => {
    const lags = new LagCache((family) => Promise.resolve(family === 'access' ? 5 : 1), 50);
    expect((await lags.current('access')).reading?.lag).toBe(5);
    expect((await lags.current('case')).reading?.lag).toBe(1);
  });
});

describe('freshness and /status with Kafka not answering', () => {
  const api = embeddedApi();

  it('answer within the bound with the last lag read, marked stale, instead of waiting on Kafka', async () => {
    await given(api).case().ready;
    await given(api)
      .nothing()
      .when(personas.administrator)
      .get('/status')
      .then(200, {
        projector: { lag: expect.any(Number) },
        lagStale: { projector: false, accessProjector: false },
      });

    const transport = api.app.get<EventTransport>(EVENT_TRANSPORT);
    const lag = jest.spyOn(transport, 'lag').mockImplementation(never);
    try {
      await sleep(600); // past the freshness cache
      const started = Date.now();
      await given(api)
        .nothing()
        .when(personas.administrator)
        .get('/status')
        .then(200, {
          projector: { lag: expect.any(Number) },
          accessProjector: { lag: expect.any(Number) },
          lagStale: { projector: true, accessProjector: true },
          lagCheckedAt: { projector: expect.any(String), accessProjector: expect.any(String) },
          projectorLagStale: true,
        });
      expect(Date.now() - started).toBeLessThan(LAG_WAIT_MS + 700);

      // A read's freshness does not wait either: the call under way is past its bound.
      const read = Date.now();
      await given(api)
        .nothing()
        .when(personas.caseManager)
        .get('/caseloads/cm-1')
        .then(200, { freshness: { projectorLagStale: true } });
      expect(Date.now() - read).toBeLessThan(LAG_WAIT_MS);
      expect(lag).toHaveBeenCalled();
    } finally {
      lag.mockRestore();
    }
  });
});
