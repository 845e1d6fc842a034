import { plaintextOpener } from '@casetrail/protection';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAccessStream } from '@casetrail/domain';
import { LocalEventStore } from '@casetrail/event-store';
import { generateCaseHistory } from '../../../test/support/case-generator';
import { seededRandom } from '../../../test/support/random';
import { CASES_PER_ACCESS_ENTRY, replayAccessEntries, run } from './main';
import { runReplayCase } from './replay.command';
import { captureOutput } from './testing/capture-output';

const journalWithCases = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'casetrail-cli-access-'));
  const history = generateCaseHistory(seededRandom(5), { minEvents: 40, concurrentCases: 3 });
  const store = LocalEventStore.journaled(dir);
  for (const commit of history.commits)
    await store.append(commit.streamId, commit.expectedVersion, commit.events);
  await store.close();
  return { dir, history };
};

const accessEvents = async (dir: string) => {
  const store = LocalEventStore.journaled(dir);
  const events = (await store.readAll(0, 100_000)).events.filter((e) => isAccessStream(e.streamId));
  await store.close();
  return events;
};

describe('replay records an access before printing', () => {
  it('--case records who replayed which case, as the system actor cli:<user>', async () => {
    const { dir, history } = await journalWithCases();
    const [caseId] = history.cases.keys();
    const { io, out } = captureOutput();
    expect(await run(['replay', '--case', caseId!, '--json'], { CASETRAIL_DATA_DIR: dir }, io)).toBe(0);
    expect(out.join('')).toContain(caseId!);
    const [event, ...more] = await accessEvents(dir);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      type: 'CaseRecordsAccessed',
      actor: { role: 'system' },
      data: { route: 'CLI replay --case', outcome: 'granted', cases: [{ caseId }] },
    });
    expect(event!.actor.id).toMatch(/^cli:.+/);
  });

  it('--all lists every case it shows', async () => {
    const { dir, history } = await journalWithCases();
    const { io } = captureOutput();
    expect(await run(['replay', '--all', '--json'], { CASETRAIL_DATA_DIR: dir }, io)).toBe(0);
    const [event] = await accessEvents(dir);
    const cases = (event!.data as { cases: { caseId: string }[] }).cases.map((c) => c.caseId);
    expect(event!.data).toMatchObject({ route: 'CLI replay --all' });
    expect(cases.sort()).toEqual([...history.cases.keys()].sort());
  });

  it('prints nothing and fails when the access cannot be recorded', async () => {
    const { dir, history } = await journalWithCases();
    const store = LocalEventStore.journaled(dir);
    const [caseId] = history.cases.keys();
    const { io, out } = captureOutput();
    await expect(
      runReplayCase(
        store,
        plaintextOpener,
        caseId!,
        { instant: undefined, basis: 'recorded' },
        { json: true },
        io,
        () => Promise.reject(new Error('access log down')),
      ),
    ).rejects.toThrow('access log down');
    expect(out).toEqual([]);
    await store.close();
  });

  it('splits a replay of many cases into bounded entries, naming every case once', () => {
    const cases = Array.from({ length: 2 * CASES_PER_ACCESS_ENTRY + 1 }, (_, i) => ({
      caseId: `case-${i}`,
      teamId: null,
      programId: null,
    }));
    const entries = replayAccessEntries(
      cases,
      'CLI replay --all',
      'cli:ops',
      '2026-03-01T10:00:00.000Z',
      'c',
    );
    expect(entries.map((e) => e.cases.length)).toEqual([CASES_PER_ACCESS_ENTRY, CASES_PER_ACCESS_ENTRY, 1]);
    expect(entries.flatMap((e) => e.cases)).toEqual(cases);
    expect(replayAccessEntries([], 'CLI replay --all', 'cli:ops', '2026-03-01T10:00:00.000Z', 'c')).toEqual(
      [],
    );
  });
});
