import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { AnchorWriter, type AnchorMac } from '../anchoring/anchor';
import { FileAnchorStore } from '../anchoring/file-anchor-store';
import type { StoredEvent } from '../event-store.port';
import { JournalDamagedError } from '../local/journal';
import { LocalEventStore } from '../local/local-event-store';
import { pendingEvent } from '../testing/event-store.contract';
import { journalSource } from './sources';
import { verifyStore } from './verify';

const CLIENT_TEXT = 'Ms Verifyme told us her address';
const mac: AnchorMac = (bytes) => createHmac('sha256', 'test anchor key').update(bytes).digest();
const clock = () => '2026-03-02T09:00:00.000Z';

const event = (streamId: string, n: number) => ({
  ...pendingEvent(streamId, 'Noted', { n }),
  pii: { note: CLIENT_TEXT },
});

/** a@1 b@1 a@2 b@2 a@3 at positions 1..5 (journal lines 0..4), then anchor 1 over all of it. */
const journal = async (options: { anchor?: boolean; tail?: string } = {}) => {
  const directory = mkdtempSync(join(tmpdir(), 'casetrail-verify-'));
  const store = LocalEventStore.journaled(directory);
  await store.append('case-a', 0, [event('case-a', 1)]);
  await store.append('case-b', 0, [event('case-b', 1)]);
  await store.append('case-a', 1, [event('case-a', 2)]);
  await store.append('case-b', 1, [event('case-b', 2)]);
  await store.append('case-a', 2, [event('case-a', 3)]);
  if (options.tail) await store.append(options.tail, 0, [event(options.tail, 1), event(options.tail, 2)]);
  const anchors = new FileAnchorStore(directory);
  if (options.anchor !== false) await new AnchorWriter({ store, anchors, mac, clock }).anchor();
  await store.close();
  const file = join(directory, 'events.journal');
  return { directory, file, anchors };
};

const linesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
const writeLines = (file: string, lines: readonly string[]) => writeFileSync(file, `${lines.join('\n')}\n`);
const commitOf = (line: string) => JSON.parse(line.slice(9)) as StoredEvent[];
/** A line as an attacker who knows the format writes it: checksum redone. */
const lineOf = (commit: readonly StoredEvent[]) => {
  const json = JSON.stringify(commit);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}`;
};

const verify = (directory: string, anchors?: FileAnchorStore) =>
  verifyStore(journalSource(directory), { anchors, mac });

describe('verify over the embedded journal', () => {
  it('passes a clean store, covering every event by the anchor', async () => {
    const { directory, anchors } = await journal();
    const report = await verify(directory, anchors);
    expect(report).toMatchObject({
      ok: true,
      streams: 2,
      events: 5,
      unchainedStreams: 0,
      broken: [],
      holes: [],
      damaged: [],
      anchors: { checked: true, count: 1, through: 5, unanchoredEvents: 0, problems: [] },
    });
  });

  it('names the stream and version of an event edited with its line checksum redone (the journal still opens)', async () => {
    const { directory, file, anchors } = await journal();
    const lines = linesOf(file);
    const [edited] = commitOf(lines[2]!);
    lines[2] = lineOf([{ ...edited!, data: { n: 99 } }]);
    writeLines(file, lines);
    await LocalEventStore.journaled(directory).close();

    const report = await verify(directory, anchors);
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([{ streamId: 'case-a', version: 2, position: 3, reason: 'hash-mismatch' }]);
  });

  it('names an event whose hash was also recomputed: its successor no longer links to it', async () => {
    const { directory, file, anchors } = await journal();
    const lines = linesOf(file);
    const [edited] = commitOf(lines[2]!);
    const { eventHash } = await import('../chain/hash-chain');
    const changed = { ...edited!, data: { n: 99 } };
    lines[2] = lineOf([{ ...changed, hash: eventHash(changed, changed.prevHash ?? null) }]);
    writeLines(file, lines);

    const report = await verify(directory, anchors);
    expect(report.broken).toEqual([{ streamId: 'case-a', version: 3, position: 5, reason: 'prev-mismatch' }]);
    // The anchor took the old hash in: it names the range too.
    expect(report.anchors.problems).toEqual([{ n: 1, reason: 'digest-mismatch' }]);
  });

  it('reports a deleted commit line: the version gap, the missing position and the anchor over it', async () => {
    const { directory, file, anchors } = await journal();
    writeLines(
      file,
      linesOf(file).filter((_, i) => i !== 2),
    );
    const report = await verify(directory, anchors);
    expect(report.ok).toBe(false);
    expect(report.broken).toEqual([{ streamId: 'case-a', version: 3, position: 5, reason: 'version-gap' }]);
    expect(report.holes).toEqual([{ from: 3, to: 4, passed: false, reason: 'positions missing' }]);
    expect(report.anchors.problems).toEqual([{ n: 1, reason: 'digest-mismatch' }]);
  });

  it('reports two events of one stream swapped between positions, also where the journal refuses to open', async () => {
    const { directory, file, anchors } = await journal();
    const lines = linesOf(file);
    [lines[0], lines[2]] = [lines[2]!, lines[0]!];
    writeLines(file, lines);
    expect(() => LocalEventStore.journaled(directory)).toThrow(JournalDamagedError);

    const report = await verify(directory, anchors);
    expect(report.ok).toBe(false);
    expect(report.broken).toContainEqual({
      streamId: 'case-a',
      version: 2,
      position: 3,
      reason: 'version-gap',
    });
    expect(report.anchors.problems).toEqual([{ n: 1, reason: 'digest-mismatch' }]);
  });

  it('reports two events swapped with their versions and positions renumbered to fit and checksums redone', async () => {
    const { directory, file, anchors } = await journal();
    const lines = linesOf(file);
    const [first] = commitOf(lines[0]!);
    const [second] = commitOf(lines[2]!);
    lines[0] = lineOf([{ ...second!, version: 1, position: 1 }]);
    lines[2] = lineOf([{ ...first!, version: 2, position: 3 }]);
    writeLines(file, lines);
    await LocalEventStore.journaled(directory).close();

    const report = await verify(directory, anchors);
    expect(report.broken).toEqual([{ streamId: 'case-a', version: 1, position: 1, reason: 'hash-mismatch' }]);
  });

  it('reports a whole stream deleted before the last anchor, which no stream chain can show', async () => {
    const { directory, file, anchors } = await journal({ tail: 'case-c' });
    const lines = linesOf(file);
    writeLines(file, lines.slice(0, -1));
    const report = await verify(directory, anchors);
    expect(report.broken).toEqual([]);
    expect(report.holes).toEqual([]);
    expect(report.streams).toBe(2);
    expect(report.anchors.problems).toEqual([{ n: 1, reason: 'digest-mismatch' }]);
    expect(report.ok).toBe(false);
  });

  it('cannot see a whole stream deleted after the last anchor (documented limit)', async () => {
    const { directory, file, anchors } = await journal({ anchor: false, tail: 'case-c' });
    writeLines(file, linesOf(file).slice(0, -1));
    expect((await verify(directory, anchors)).ok).toBe(true);
  });

  it('reports a line whose checksum fails as damaged, and still checks every other line', async () => {
    const { directory, file, anchors } = await journal();
    const lines = linesOf(file);
    lines[1] = lines[1]!.replace('"n":1', '"n":7');
    writeLines(file, lines);
    const report = await verify(directory, anchors);
    expect(report.damaged).toEqual([
      { line: 2, offset: expect.any(Number) as number, length: lines[1].length },
    ]);
    expect(report.broken).toEqual([{ streamId: 'case-b', version: 2, position: 4, reason: 'version-gap' }]);
    expect(report.ok).toBe(false);
  });

  it('checks only one stream with streamId, leaving anchors unchecked', async () => {
    const { directory, file, anchors } = await journal();
    const lines = linesOf(file);
    const [edited] = commitOf(lines[1]!);
    lines[1] = lineOf([{ ...edited!, data: { n: 99 } }]);
    writeLines(file, lines);
    const a = await verifyStore(journalSource(directory), { streamId: 'case-a', anchors, mac });
    expect(a).toMatchObject({ ok: true, streams: 1, events: 3, anchors: { checked: false } });
    const b = await verifyStore(journalSource(directory), { streamId: 'case-b', anchors, mac });
    expect(b.broken).toEqual([{ streamId: 'case-b', version: 1, position: 2, reason: 'hash-mismatch' }]);
  });

  it('reports streams from before the chain as unchained, not broken; hashes that stop midway are broken', async () => {
    const { directory, file } = await journal({ anchor: false });
    const strip = (line: string) =>
      lineOf(commitOf(line).map(({ hash: _hash, prevHash: _prev, ...rest }) => rest as StoredEvent));
    const lines = linesOf(file);
    writeLines(
      file,
      lines.map((line, i) => (i === 1 || i === 3 || i === 4 ? strip(line) : line)),
    );
    const report = await verify(directory);
    expect(report.unchainedStreams).toBe(1);
    expect(report.broken).toEqual([{ streamId: 'case-a', version: 3, position: 5, reason: 'missing-hash' }]);
  });

  it('links a stream from before the chain on from its head: appended events chain from null', async () => {
    const { directory, file } = await journal({ anchor: false });
    writeLines(
      file,
      linesOf(file).map((line) =>
        lineOf(commitOf(line).map(({ hash: _hash, prevHash: _prev, ...rest }) => rest as StoredEvent)),
      ),
    );
    const store = LocalEventStore.journaled(directory);
    await store.append('case-a', 3, [event('case-a', 4), event('case-a', 5)]);
    await store.close();
    const report = await verify(directory);
    expect(report).toMatchObject({ ok: true, unchainedStreams: 1, broken: [] });
  });

  it('never puts client data in its report', async () => {
    const { directory, file, anchors } = await journal();
    const lines = linesOf(file);
    lines[2] = lines[2]!.replace('"n":2', '"n":3');
    writeLines(file, lines);
    const report = await verify(directory, anchors);
    expect(report.ok).toBe(false);
    expect(JSON.stringify(report)).not.toContain('Verifyme');
  });
});

describe('anchors', () => {
  it('anchors only when the log moved on, each covering the events since the one before', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'casetrail-anchor-'));
    const store = LocalEventStore.journaled(directory);
    const anchors = new FileAnchorStore(directory);
    const writer = new AnchorWriter({ store, anchors, mac, clock, batchSize: 2 });
    expect(await writer.anchor()).toBeNull();
    await store.append('case-a', 0, [event('case-a', 1), event('case-a', 2), event('case-a', 3)]);
    const first = await writer.anchor();
    expect(first).toMatchObject({ n: 1, through: 3, events: 3, prevDigest: '', at: clock() });
    expect(await writer.anchor()).toBeNull();
    await store.append('case-b', 0, [event('case-b', 1)]);
    const second = await writer.anchor();
    expect(second).toMatchObject({ n: 2, through: 4, events: 1, prevDigest: first!.digest });
    await store.close();
    const report = await verify(directory, anchors);
    expect(report.anchors).toMatchObject({ count: 2, through: 4, lastDigest: second!.digest, problems: [] });
    expect(report.ok).toBe(true);
  });

  it('reports an anchor deleted from the middle, an edited anchor, and a damaged anchor line', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'casetrail-anchor-'));
    const store = LocalEventStore.journaled(directory);
    const anchors = new FileAnchorStore(directory);
    const writer = new AnchorWriter({ store, anchors, mac, clock });
    for (let n = 1; n <= 4; n++) {
      await store.append(`case-${n}`, 0, [event(`case-${n}`, 1)]);
      await writer.anchor();
    }
    await store.close();
    const file = join(directory, 'anchors.jsonl');
    const lines = linesOf(file);
    const third = JSON.parse(lines[2]!) as Record<string, unknown>;
    writeLines(file, [
      lines[0]!,
      JSON.stringify({ ...third, at: '2020-01-01T00:00:00.000Z' }),
      lines[3]!,
      '{torn',
    ]);
    const report = await verify(directory, anchors);
    expect(report.anchors.problems).toEqual(
      expect.arrayContaining([
        { n: 2, reason: 'missing' },
        { n: 3, reason: 'mac-mismatch' },
        { n: 0, reason: 'damaged', where: `${file} line 4` },
      ]),
    );
    expect(report.ok).toBe(false);
  });

  it('a second writer that loses the race for n stores nothing and says so', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'casetrail-anchor-'));
    const store = LocalEventStore.inMemory();
    const anchors = new FileAnchorStore(directory);
    await store.append('case-a', 0, [event('case-a', 1)]);
    const anchor = await new AnchorWriter({ store, anchors, mac, clock }).anchor();
    expect(await anchors.insert(anchor!)).toBe(false);
    expect((await anchors.list()).anchors).toHaveLength(1);
  });
});

describe('verify beside a running app', () => {
  it('takes an unterminated unreadable last line for a write under way, not damage', async () => {
    const { directory, file, anchors } = await journal();
    writeFileSync(file, `${readFileSync(file, 'utf8')}0badc0de [{"streamId":"case-a"`);
    const report = await verify(directory, anchors);
    expect(report).toMatchObject({ ok: true, tornTail: true, damaged: [] });
  });
});
