import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalEventStore } from './local-event-store';
import { describeEventStoreContract, pendingEvent } from '../testing/event-store.contract';

describeEventStoreContract('in memory', () => Promise.resolve(LocalEventStore.inMemory()));
describeEventStoreContract('journal', () =>
  Promise.resolve(LocalEventStore.journaled(mkdtempSync(join(tmpdir(), 'casetrail-journal-')))),
);

describe('journaled LocalEventStore', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'casetrail-journal-'));

  it('keeps its events across a restart', async () => {
    const directory = dir();
    const first = LocalEventStore.journaled(directory);
    await first.append('case-1', 0, [pendingEvent('case-1'), pendingEvent('case-1')]);
    await first.append('case-2', 0, [pendingEvent('case-2')]);
    await first.close();

    const second = LocalEventStore.journaled(directory);
    expect((await second.readStream('case-1')).map((e) => e.version)).toEqual([1, 2]);
    expect((await second.readAll(0, 10)).events.map((e) => e.position)).toEqual([1, 2, 3]);
    await second.append('case-1', 2, [pendingEvent('case-1')]);
    expect(await second.headPosition()).toBe(4);
    await second.close();
  });

  it('drops a torn last commit and a corrupted one, keeping everything before', async () => {
    const directory = dir();
    const store = LocalEventStore.journaled(directory);
    await store.append('case-1', 0, [pendingEvent('case-1')]);
    await store.close();
    const file = join(directory, 'events.journal');
    appendFileSync(file, '0badc0de [{"type":"half');
    const reopened = LocalEventStore.journaled(directory);
    expect(await reopened.headPosition()).toBe(1);
    await reopened.append('case-1', 1, [pendingEvent('case-1')]);
    await reopened.close();

    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, [lines[0], lines[1]!.replace('case-1', 'case-9'), ''].join('\n'));
    const afterCorruption = LocalEventStore.journaled(directory);
    expect((await afterCorruption.readStream('case-1')).map((e) => e.version)).toEqual([1]);
    await afterCorruption.close();
  });

  it('refuses a second process-wide open of a journal that is in use', () => {
    const directory = dir();
    const store = LocalEventStore.journaled(directory);
    writeFileSync(join(directory, 'LOCK'), '1');
    expect(() => LocalEventStore.journaled(directory)).toThrow(/in use by process 1/);
    return store.close();
  });
});
