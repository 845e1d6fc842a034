import { LocalEventStore } from '@casetrail/event-store';
import { pendingEvent } from '../../../event-store/src/testing/event-store.contract';
import { UpcastingEventStore } from './upcasting-event-store';

describe('UpcastingEventStore', () => {
  it('upcasts what every read returns and leaves what is stored untouched', async () => {
    const inner = LocalEventStore.inMemory();
    const store = new UpcastingEventStore(inner, (e) =>
      e.schemaVersion === 1 ? { ...e, schemaVersion: 2, data: { lifted: e.data } } : e,
    );
    await store.append('case-1', 0, [pendingEvent('case-1', 'Noted', { n: 1 })]);
    expect((await store.readStream('case-1'))[0]).toMatchObject({
      schemaVersion: 2,
      data: { lifted: { n: 1 } },
    });
    expect((await store.readAll(0, 10)).events[0]).toMatchObject({ schemaVersion: 2 });
    expect((await inner.readStream('case-1'))[0]).toMatchObject({ schemaVersion: 1, data: { n: 1 } });
    expect(await store.headPosition()).toBe(1);
  });
});
