import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AnchorWriter,
  FileAnchorStore,
  journalSource,
  LocalEventStore,
  type AnchorMac,
  type EventToAppend,
} from '@casetrail/event-store';
import { captureOutput } from './testing/capture-output';
import { runVerify } from './verify.command';

const CLIENT_TEXT = 'Ms Clitest shared her phone number';
const mac: AnchorMac = (bytes) => createHmac('sha256', 'cli anchor key').update(bytes).digest();

const event = (streamId: string, n: number): EventToAppend => ({
  eventId: `${streamId}-${n}`,
  type: 'ContactRecorded',
  schemaVersion: 1,
  streamId,
  occurredAt: '2026-03-01T10:00:00.000Z',
  recordedAt: '2026-03-01T10:05:00.000Z',
  actor: { id: 'worker-1', role: 'case_manager' },
  correlationId: 'corr',
  causationId: 'cmd',
  data: { kind: 'visit', n },
  pii: { summary: CLIENT_TEXT },
});

const dataDir = async () => {
  const directory = mkdtempSync(join(tmpdir(), 'casetrail-cli-verify-'));
  const store = LocalEventStore.journaled(directory);
  await store.append('case-1', 0, [event('case-1', 1), event('case-1', 2)]);
  await store.append('case-2', 0, [event('case-2', 1)]);
  await store.append('case-1', 2, [event('case-1', 3)]);
  const anchors = new FileAnchorStore(directory);
  await new AnchorWriter({ store, anchors, mac, clock: () => '2026-03-02T00:00:00.000Z' }).anchor();
  await store.close();
  return { directory, anchors, file: join(directory, 'events.journal') };
};

describe('verify', () => {
  it('exits 0 on a clean store and says what it checked and what anchors cannot prove', async () => {
    const { directory, anchors } = await dataDir();
    const { io, out } = captureOutput();
    expect(await runVerify({ source: journalSource(directory), anchors, mac, json: false, out: io })).toBe(0);
    const text = out.join('');
    expect(text).toContain('OK: the store, 4 events in 2 streams.');
    expect(text).toMatch(/Anchors: 1 through position 4, last digest sha256:[0-9a-f]{64}/);
    expect(text).toContain('0 events after the last anchor');
  });

  it('exits 1 naming the broken stream, version, position and reason, and prints no client data', async () => {
    const { directory, anchors, file } = await dataDir();
    // Deleting the second commit (case-2) and editing the first without redoing its checksum.
    const lines = readFileSync(file, 'utf8').split('\n');
    writeFileSync(file, [lines[0]!.replace('"n":2', '"n":5'), lines[2]!, ''].join('\n'));
    const { io, out } = captureOutput();
    expect(await runVerify({ source: journalSource(directory), anchors, mac, json: false, out: io })).toBe(1);
    const text = out.join('');
    expect(text).toContain('BROKEN case-1 at version 3, position 4: version-gap');
    expect(text).toMatch(/DAMAGED journal line 1 at byte offset 0 \(\d+ bytes\)/);
    expect(text).toContain('HOLE positions 1..3: no commit holds them');
    expect(text).toContain('ANCHOR 1: digest-mismatch');
    expect(text).toMatch(/FAILED: the store, 1 event in 1 stream, 4 problems\./);
    expect(text).not.toContain('Clitest');
  });

  it('checks one case with caseId, and prints the report as JSON with json', async () => {
    const { directory, anchors } = await dataDir();
    const { io, out } = captureOutput();
    expect(
      await runVerify({
        source: journalSource(directory),
        anchors,
        mac,
        caseId: 'case-2',
        json: true,
        out: io,
      }),
    ).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({
      ok: true,
      streams: 1,
      events: 1,
      anchors: { checked: false },
    });
  });

  it('passes beside a running app that is writing its last line, and says so', async () => {
    const { directory, anchors, file } = await dataDir();
    writeFileSync(file, `${readFileSync(file, 'utf8')}0badc0de [{"streamId":"case-1"`);
    const { io, out } = captureOutput();
    expect(await runVerify({ source: journalSource(directory), anchors, mac, json: false, out: io })).toBe(0);
    expect(out.join('')).toContain('NOTE the journal ends in an unterminated, unreadable line');
  });
});
