import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WrongExpectedVersionError } from '../event-store.port';
import {
  JournalDamagedError,
  JournalFailedError,
  JournalInUseError,
  nodeJournalFs,
  repairJournal,
  type JournalFs,
} from './journal';
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

describe('journal group commit', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'casetrail-journal-'));

  /** The real calls, counted; a sync can be held until the test lets it return. */
  const countingFs = (hold = false) => {
    const counts = { writes: 0, syncs: 0 };
    const held: (() => void)[] = [];
    const fs: JournalFs = {
      write: (fd, data, offset) => {
        counts.writes++;
        return nodeJournalFs.write(fd, data, offset);
      },
      fdatasync: async (fd) => {
        counts.syncs++;
        await nodeJournalFs.fdatasync(fd);
        if (hold) await new Promise<void>((resolve) => held.push(resolve));
      },
    };
    const release = async () => {
      while (held.length === 0) await new Promise((r) => setImmediate(r));
      held.shift()!();
    };
    return { fs, counts, release };
  };

  it('writes and syncs concurrent appends together: 50 appends in one turn, one write and one sync', async () => {
    const { fs, counts } = countingFs();
    const store = LocalEventStore.journaled(dir(), { fs });
    const streams = Array.from({ length: 50 }, (_, i) => `case-${i}`);
    const results = await Promise.all(streams.map((s) => store.append(s, 0, [pendingEvent(s)])));
    expect(counts).toEqual({ writes: 1, syncs: 1 });
    expect(results.map((r) => r.lastPosition)).toEqual(streams.map((_, i) => i + 1));
    await store.close();
  });

  it('acknowledges and shows nothing before the sync that covers it', async () => {
    const directory = dir();
    const { fs, counts, release } = countingFs(true);
    const store = LocalEventStore.journaled(directory, { fs });
    const acknowledged: string[] = [];
    const append = (s: string) => store.append(s, 0, [pendingEvent(s)]).then(() => void acknowledged.push(s));
    const first = append('case-a');
    await new Promise((r) => setTimeout(r, 20));
    const later = [append('case-b'), append('case-c')];
    await new Promise((r) => setTimeout(r, 20));
    // Written and synced by the kernel, but the sync has not returned: not acknowledged, not readable.
    expect(acknowledged).toEqual([]);
    expect(await store.headPosition()).toBe(0);
    expect(await store.readStream('case-a')).toEqual([]);
    await release();
    await first;
    expect(acknowledged).toEqual(['case-a']);
    expect(await store.headPosition()).toBe(1);
    // b and c arrived during a's flush: they wait for the next one, together.
    await release();
    await Promise.all(later);
    expect(acknowledged).toEqual(['case-a', 'case-b', 'case-c']);
    expect(counts).toEqual({ writes: 2, syncs: 2 });
    expect(await store.headPosition()).toBe(3);
    await store.close();
  });

  it('checks versions against appends still syncing', async () => {
    const { fs, release } = countingFs(true);
    const store = LocalEventStore.journaled(dir(), { fs });
    const first = store.append('case-a', 0, [pendingEvent('case-a')]);
    await expect(store.append('case-a', 0, [pendingEvent('case-a')])).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    const second = store.append('case-a', 1, [pendingEvent('case-a')]);
    await release();
    await release();
    await Promise.all([first, second]);
    expect((await store.readStream('case-a')).map((e) => e.version)).toEqual([1, 2]);
    await store.close();
  });

  it('rejects the batch whose sync failed and every later append, and shows none of them', async () => {
    let fail = false;
    const fs: JournalFs = {
      write: nodeJournalFs.write,
      fdatasync: (fd) => (fail ? Promise.reject(new Error('EIO')) : nodeJournalFs.fdatasync(fd)),
    };
    const store = LocalEventStore.journaled(dir(), { fs });
    await store.append('case-a', 0, [pendingEvent('case-a')]);
    fail = true;
    const outcomes = await Promise.allSettled(
      ['case-b', 'case-c'].map((s) => store.append(s, 0, [pendingEvent(s)])),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(store.append('case-d', 0, [pendingEvent('case-d')])).rejects.toBeInstanceOf(
      JournalFailedError,
    );
    expect(await store.headPosition()).toBe(1);
    await store.close();
  });
});

describe('a damaged journal', () => {
  const seeded = async (commits: number) => {
    const directory = mkdtempSync(join(tmpdir(), 'casetrail-journal-'));
    const store = LocalEventStore.journaled(directory);
    for (let i = 1; i <= commits; i++)
      await store.append(`case-${i}`, 0, [pendingEvent(`case-${i}`), pendingEvent(`case-${i}`)]);
    await store.close();
    return { directory, file: join(directory, 'events.journal') };
  };
  const damageLine = (file: string, index: number) => {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[index] = lines[index]!.replace('"Noted"', '"Nuted"');
    writeFileSync(file, lines.join('\n'));
    return lines.slice(0, index).reduce((offset, line) => offset + Buffer.byteLength(line) + 1, 0);
  };

  it('refuses to open on a damaged line before the last, naming file, offset, line and the repair command', async () => {
    const { directory, file } = await seeded(4);
    const before = readFileSync(file);
    const offset = damageLine(file, 1);
    const error = (() => {
      try {
        LocalEventStore.journaled(directory);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(JournalDamagedError);
    const message = (error as Error).message;
    expect(message).toContain(file);
    expect(message).toContain(`byte offset ${offset} (line 2)`);
    expect(message).toContain(`npm run casetrail -- journal repair --data-dir ${directory}`);
    expect(message).toMatch(/not a write torn by a crash/);
    // Nothing was cut: the file is as damaged as it was, and the lock is free for the repair.
    expect(readFileSync(file).length).toBe(before.length);
    expect(existsSync(join(directory, 'LOCK'))).toBe(false);
    // Client data never reaches the message.
    expect(message).not.toContain('free text about the client');
  });

  it('cuts off a torn last line, keeping its bytes beside the journal', async () => {
    const { directory, file } = await seeded(2);
    const intact = readFileSync(file);
    appendFileSync(file, '0badc0de [{"type":"half');
    const store = LocalEventStore.journaled(directory);
    expect(store.tornTail).toMatchObject({ line: 3, offset: intact.length, length: 23 });
    expect(readFileSync(store.tornTail!.keptIn, 'utf8')).toBe('0badc0de [{"type":"half');
    expect(readFileSync(file).equals(intact)).toBe(true);
    expect(await store.headPosition()).toBe(4);
    await store.close();
  });

  it('ends an intact last line that lost only its newline, so the next append does not run into it', async () => {
    const { directory, file } = await seeded(2);
    writeFileSync(file, readFileSync(file).subarray(0, -1));
    const store = LocalEventStore.journaled(directory);
    await store.append('case-9', 0, [pendingEvent('case-9')]);
    await store.close();
    const reopened = LocalEventStore.journaled(directory);
    expect(await reopened.headPosition()).toBe(5);
    await reopened.close();
  });

  it('repairs by moving the damaged lines aside; the store then opens with the hole they leave', async () => {
    const { directory, file } = await seeded(4);
    damageLine(file, 1);
    const damagedBytes = readFileSync(file, 'utf8').split('\n')[1]!;
    const repair = repairJournal(directory);
    expect(repair).toMatchObject({
      file,
      commitsKept: 3,
      moved: [{ line: 2 }],
      missingPositions: [{ from: 3, to: 4 }],
      streamsWithGaps: [],
    });
    expect(readFileSync(repair.movedTo!, 'utf8')).toBe(`${damagedBytes}\n`);
    expect(repairJournal(directory)).toMatchObject({ moved: [], movedTo: null, commitsKept: 3 });

    const store = LocalEventStore.journaled(directory);
    expect(await store.headPosition()).toBe(8);
    expect((await store.readAll(2, 10)).events.map((e) => e.position)).toEqual([5, 6, 7, 8]);
    expect((await store.readAll(0, 3)).events.map((e) => e.position)).toEqual([1, 2, 5]);
    const next = await store.append('case-2', 0, [pendingEvent('case-2')]);
    expect(next.lastPosition).toBe(9);
    await store.close();
  });

  it('names the streams whose kept events skip versions', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'casetrail-journal-'));
    const store = LocalEventStore.journaled(directory);
    for (let v = 0; v < 3; v++) await store.append('case-1', v, [pendingEvent('case-1')]);
    await store.append('case-2', 0, [pendingEvent('case-2')]);
    await store.close();
    const file = join(directory, 'events.journal');
    damageLine(file, 1);
    expect(repairJournal(directory)).toMatchObject({
      missingPositions: [{ from: 2, to: 2 }],
      streamsWithGaps: [{ streamId: 'case-1', from: 2, to: 2 }],
    });
    const reopened = LocalEventStore.journaled(directory);
    expect((await reopened.readStream('case-1')).map((e) => e.version)).toEqual([1, 3]);
    expect((await reopened.readStream('case-1', 2)).map((e) => e.version)).toEqual([3]);
    await reopened.append('case-1', 3, [pendingEvent('case-1')]);
    await reopened.close();
  });

  it('refuses to repair a journal that a live process holds', async () => {
    const { directory } = await seeded(1);
    const store = LocalEventStore.journaled(directory);
    writeFileSync(join(directory, 'LOCK'), '1');
    expect(() => repairJournal(directory)).toThrow(JournalInUseError);
    await store.close();
  });
});

describe('a journal whose lines are out of order', () => {
  it('refuses a commit copied twice (checksummed, but its positions go back), and repair moves the copy aside', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'casetrail-journal-'));
    const store = LocalEventStore.journaled(directory);
    for (let i = 1; i <= 3; i++) await store.append(`case-${i}`, 0, [pendingEvent(`case-${i}`)]);
    await store.close();
    const file = join(directory, 'events.journal');
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, [lines[0], lines[1], lines[0], lines[2], ''].join('\n'));
    expect(() => LocalEventStore.journaled(directory)).toThrow(
      /\(line 3\) \(a wrong checksum or a commit out of order\)/,
    );
    expect(repairJournal(directory)).toMatchObject({
      moved: [{ line: 3 }],
      commitsKept: 3,
      missingPositions: [],
    });
    const repaired = LocalEventStore.journaled(directory);
    expect((await repaired.readAll(0, 10)).events.map((e) => e.position)).toEqual([1, 2, 3]);
    await repaired.close();
  });

  it('refuses a last line that is checksummed but out of order: that is no torn write', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'casetrail-journal-'));
    const store = LocalEventStore.journaled(directory);
    for (let i = 1; i <= 2; i++) await store.append(`case-${i}`, 0, [pendingEvent(`case-${i}`)]);
    await store.close();
    const file = join(directory, 'events.journal');
    appendFileSync(file, `${readFileSync(file, 'utf8').split('\n')[0]}\n`);
    expect(() => LocalEventStore.journaled(directory)).toThrow(JournalDamagedError);
  });
});
