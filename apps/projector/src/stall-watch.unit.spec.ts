import type { EventTransport } from '@casetrail/messaging';
import { StallWatch } from './stall-watch';

const transportWithLag = (lag: () => Promise<number>) =>
  ({ lag: jest.fn(lag) }) as unknown as EventTransport & { lag: jest.Mock };

describe('StallWatch', () => {
  const setUp = (lag: () => Promise<number>) => {
    let clock = 0;
    const stalls: [string, number][] = [];
    const transport = transportWithLag(lag);
    const watch = new StallWatch(
      transport,
      { stallMs: 1000, checkMs: 60_000, lagTimeoutMs: 50, onStall: (group, n) => stalls.push([group, n]) },
      () => clock,
    );
    let release: () => void = () => undefined;
    const handler = watch.watch(
      'projector',
      'case',
      () => new Promise((resolve) => (release = () => resolve([]))),
    );
    return {
      watch,
      transport,
      stalls,
      handler,
      release: () => release(),
      advance: (ms: number) => (clock += ms),
    };
  };

  it('calls a consumer stalled when messages wait and no batch comes for the stall time', async () => {
    const t = setUp(() => Promise.resolve(7));
    t.advance(999);
    await t.watch.checkAll();
    expect(t.stalls).toEqual([]);
    t.advance(1);
    await t.watch.checkAll();
    expect(t.stalls).toEqual([['projector', 7]]);
    // Said once per stall period.
    await t.watch.checkAll();
    expect(t.stalls).toHaveLength(1);
    t.watch.stop();
  });

  it('is no stall while a batch is in the handler, however long it takes, nor when nothing waits', async () => {
    const t = setUp(() => Promise.resolve(0));
    const batch = t.handler([]);
    t.advance(5000);
    await t.watch.checkAll();
    expect(t.transport.lag).not.toHaveBeenCalled();
    t.release();
    await batch;
    t.advance(5000);
    await t.watch.checkAll();
    expect(t.transport.lag).toHaveBeenCalledTimes(1);
    expect(t.stalls).toEqual([]);
    t.watch.stop();
  });

  it('does not blame the consumer for a broker that does not answer', async () => {
    const silent = setUp(() => new Promise<number>(() => undefined));
    silent.advance(5000);
    await silent.watch.checkAll();
    const failing = setUp(() => Promise.reject(new Error('broker down')));
    failing.advance(5000);
    await failing.watch.checkAll();
    expect([...silent.stalls, ...failing.stalls]).toEqual([]);
    silent.watch.stop();
    failing.watch.stop();
  });
});
