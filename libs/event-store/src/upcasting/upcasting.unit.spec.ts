import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '../event-store.port';
import { LocalEventStore } from '../local/local-event-store';
import { pendingEvent } from '../testing/event-store.contract';

const lift = (e: StoredEvent): StoredEvent =>
  e.schemaVersion === 1 ? { ...e, schemaVersion: 2, data: { lifted: e.data } } : e;

describe('an event store opened with upcast', () => {
  it('upcasts what every read returns and leaves what is stored untouched', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'casetrail-upcast-'));
    const store = LocalEventStore.journaled(directory, { upcast: lift });
    await store.append('case-1', 0, [pendingEvent('case-1', 'Noted', { n: 1 })]);
    expect((await store.readStream('case-1'))[0]).toMatchObject({
      schemaVersion: 2,
      data: { lifted: { n: 1 } },
    });
    expect((await store.readAll(0, 10)).events[0]).toMatchObject({ schemaVersion: 2 });
    expect(await store.headPosition()).toBe(1);
    await store.close();

    const asStored = LocalEventStore.journaled(directory);
    expect((await asStored.readStream('case-1'))[0]).toMatchObject({ schemaVersion: 1, data: { n: 1 } });
    await asStored.close();
  });

  it('reads as stored when opened without one', async () => {
    const store = LocalEventStore.inMemory();
    await store.append('case-1', 0, [pendingEvent('case-1', 'Noted', { n: 1 })]);
    expect((await store.readAll(0, 10)).events[0]).toMatchObject({ schemaVersion: 1, data: { n: 1 } });
  });
});
