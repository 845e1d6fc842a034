import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JournalDamagedError, LocalEventStore, type EventToAppend } from '@casetrail/event-store';
import { DeadLetterFile } from '@casetrail/messaging';
import { EXIT_FAILURE, EXIT_USAGE } from './cli-error';
import { run } from './main';
import { captureOutput } from './testing/capture-output';

const CLIENT_TEXT = 'Ms Example disclosed her address';

const event = (streamId: string): EventToAppend => ({
  eventId: `${streamId}-${Math.random()}`,
  type: 'ContactRecorded',
  schemaVersion: 1,
  streamId,
  occurredAt: '2026-03-01T10:00:00.000Z',
  recordedAt: '2026-03-01T10:05:00.000Z',
  actor: { id: 'worker-1', role: 'case_manager' },
  correlationId: 'corr',
  causationId: 'cmd',
  data: { kind: 'visit' },
  pii: { summary: CLIENT_TEXT },
});

const journalOf = async (cases: number) => {
  const directory = mkdtempSync(join(tmpdir(), 'casetrail-cli-journal-'));
  const store = LocalEventStore.journaled(directory);
  for (let i = 1; i <= cases; i++) await store.append(`case-${i}`, 0, [event(`case-${i}`)]);
  await store.close();
  return { directory, file: join(directory, 'events.journal') };
};

const damage = (file: string, index: number) => {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[index] = lines[index]!.replace('visit', 'vasit');
  writeFileSync(file, lines.join('\n'));
};

describe('journal repair', () => {
  it('--json: one document on stdout with what was moved and kept, and no client data', async () => {
    const { directory, file } = await journalOf(3);
    damage(file, 1);
    const { io, out, err } = captureOutput();
    expect(await run(['--json', 'journal', 'repair', '--data-dir', directory], {}, io)).toBe(0);
    expect(out).toHaveLength(1);
    const report = JSON.parse(out[0]!);
    expect(report).toMatchObject({
      file,
      movedTo: expect.stringContaining('events.journal.damaged-'),
      moved: [{ line: 2, offset: expect.any(Number), length: expect.any(Number) }],
      commitsKept: 2,
      missingPositions: [{ from: 2, to: 2 }],
    });
    expect(out[0]).not.toContain(CLIENT_TEXT);
    expect(err.join('')).toBe('');
  });

  it('moves the damaged middle line aside, says what it did, and the journal opens again', async () => {
    const { directory, file } = await journalOf(3);
    damage(file, 1);
    expect(() => LocalEventStore.journaled(directory)).toThrow(JournalDamagedError);

    const { io, out } = captureOutput();
    expect(await run(['journal', 'repair', '--data-dir', directory], {}, io)).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/Moved 1 damaged line\(s\) of .*events\.journal to .*events\.journal\.damaged-/);
    expect(text).toMatch(/line 2, byte offset \d+, \d+ bytes/);
    expect(text).toContain('Kept 2 intact commit(s)');
    expect(text).toContain('Nothing was deleted');
    expect(text).toContain('most likely held): 2.');
    // The damaged bytes are kept, but never printed: they hold client data.
    expect(text).not.toContain(CLIENT_TEXT);
    const aside = text.match(/to (\S+events\.journal\.damaged-\S+):/)![1]!;
    expect(readFileSync(aside, 'utf8')).toContain(CLIENT_TEXT);

    const store = LocalEventStore.journaled(directory);
    expect((await store.readAll(0, 10)).events.map((e) => e.streamId)).toEqual(['case-1', 'case-3']);
    await store.close();
  });

  it('reads the data directory from CASETRAIL_DATA_DIR, and changes nothing in an intact journal', async () => {
    const { directory, file } = await journalOf(2);
    const before = readFileSync(file);
    const { io, out } = captureOutput();
    expect(await run(['journal', 'repair'], { CASETRAIL_DATA_DIR: directory }, io)).toBe(0);
    expect(out.join('')).toContain('no damaged line, 2 commit(s) intact; nothing changed');
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses while a live process holds the journal', async () => {
    const { directory } = await journalOf(1);
    writeFileSync(join(directory, 'LOCK'), '1');
    const { io, err } = captureOutput();
    expect(await run(['journal', 'repair', '--data-dir', directory], {}, io)).toBe(EXIT_FAILURE);
    expect(err.join('')).toMatch(/in use by process 1 .*stop it, then repair/);
  });

  it('fails on a directory without a journal, and rejects a bad command line', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'casetrail-cli-journal-'));
    const failed = captureOutput();
    expect(await run(['journal', 'repair', '--data-dir', empty], {}, failed.io)).toBe(EXIT_FAILURE);
    expect(failed.err.join('')).toContain('No journal at');
    expect(existsSync(join(empty, 'events.journal'))).toBe(false);
    for (const argv of [['journal'], ['journal', 'fix'], ['journal', 'repair', '--bogus']]) {
      const { io } = captureOutput();
      expect(await run(argv, {}, io)).toBe(EXIT_USAGE);
    }
    const external = captureOutput();
    expect(
      await run(
        ['journal', 'repair'],
        { MONGODB_URI: 'mongodb://127.0.0.1:1/', KAFKA_BROKERS: '127.0.0.1:1' },
        external.io,
      ),
    ).toBe(EXIT_USAGE);
    expect(external.err.join('')).toContain('applies to embedded mode');
  });
});

describe('dead-letters', () => {
  const parked = async () => {
    const directory = mkdtempSync(join(tmpdir(), 'casetrail-cli-dead-'));
    const letters = new DeadLetterFile(directory);
    const stored = { ...event('case-7'), version: 4, position: 19 };
    await letters.record(
      'casetrail-projector',
      'case',
      [{ event: stored, reason: 'version 4 is not the next for case-7 (at 2)' }],
      new Date('2026-03-02T08:00:00.000Z'),
    );
    letters.close();
    return { directory, stored };
  };

  it('lists what embedded mode parked: ids, type, versions and reason, no client data', async () => {
    const { directory, stored } = await parked();
    const { io, out, err } = captureOutput();
    expect(await run(['dead-letters', '--data-dir', directory], {}, io)).toBe(0);
    expect(out).toEqual([
      `2026-03-02T08:00:00.000Z  casetrail-projector  case-7 v4  position 19  ContactRecorded v1  ${stored.eventId}  version 4 is not the next for case-7 (at 2)\n`,
    ]);
    expect(err.join('')).toMatch(/^1 dead letter\(s\) in .*dead-letters\.jsonl\n$/);
    expect(out.join('')).not.toContain(CLIENT_TEXT);
  });

  it('prints JSON lines with --json, and nothing for a directory without dead letters', async () => {
    const { directory, stored } = await parked();
    const json = captureOutput();
    expect(await run(['dead-letters', '--json'], { CASETRAIL_DATA_DIR: directory }, json.io)).toBe(0);
    expect(json.out.map((l) => JSON.parse(l) as unknown)).toEqual([
      expect.objectContaining({ eventId: stored.eventId, streamId: 'case-7', version: 4, position: 19 }),
    ]);
    const none = captureOutput();
    const empty = mkdtempSync(join(tmpdir(), 'casetrail-cli-dead-'));
    expect(await run(['dead-letters', '--data-dir', empty], {}, none.io)).toBe(0);
    expect(none.out).toEqual([]);
    expect(none.err.join('')).toMatch(/^0 dead letter\(s\)/);
  });
});
