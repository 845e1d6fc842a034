import { plaintextOpener } from '@casetrail/protection';
import { caseDecider, fold, type CaseEvent } from '@casetrail/domain';
import { AccessRecorder, LocalEventStore, type StoredEvent } from '@casetrail/event-store';
import {
  CASELOADS,
  caseloadProjection,
  InMemoryReadModelStore,
  ProjectionRunner,
  TIMELINES,
  timelinePage,
  timelineProjection,
  type CaseloadEntry,
  type Timeline,
} from '@casetrail/read-models';
import { generateCaseHistory } from '../../../test/support/case-generator';
import { seededRandom } from '../../../test/support/random';
import { CliError } from './cli-error';
import {
  formatCaseReplay,
  formatCaseTable,
  parseBasis,
  parseInstant,
  replayAll,
  replayCase,
} from './replay.command';
import { FakeKeys } from '../../../libs/read-models/src/testing/fake-sealing';
import { captureOutput } from './testing/capture-output';
import { CaseStory, SUPERVISOR } from '../../../libs/read-models/src/timelines/testing';

describe('replay', () => {
  const history = generateCaseHistory(seededRandom(7), { minEvents: 1500, concurrentCases: 25 });
  const store = LocalEventStore.inMemory();
  let all: readonly StoredEvent[] = [];
  /** What the projector builds from the same events. */
  const readModels = new InMemoryReadModelStore();

  beforeAll(async () => {
    for (const commit of history.commits)
      await store.append(commit.streamId, commit.expectedVersion, commit.events);
    all = (await store.readAll(0, Number.MAX_SAFE_INTEGER)).events;
    await new ProjectionRunner(caseloadProjection, readModels).applyBatch(all);
    await new ProjectionRunner(timelineProjection, readModels).applyBatch(all);
  });

  it('folds every case of the store, as the decider and the caseload projection would', async () => {
    const { io: output, err } = captureOutput(true);
    const { cases, read, kept } = await replayAll(
      store,
      plaintextOpener,
      { instant: undefined, basis: 'recorded' },
      { batchSize: 100 },
      output,
    );
    expect({ read, kept, cases: cases.length }).toEqual({
      read: history.eventCount,
      kept: history.eventCount,
      cases: history.cases.size,
    });
    for (const summary of cases) {
      const generated = history.cases.get(summary.caseId)!;
      expect({ state: summary.state, version: summary.version }).toEqual({
        state: generated.state,
        version: generated.version,
      });
      const caseload = await readModels.collection<CaseloadEntry>(CASELOADS).get(summary.caseId);
      expect(summary.stage).toBe(caseload!.stage);
    }
    // On a terminal, the bar is redrawn in place (cli-progress returns to column 1 with CSI G).
    expect(err.join('').replaceAll('\x1b[1G', '\r')).toMatch(
      /\rreplay \[#+\] {2}[\d,]+\/[\d,]+ {2}100\.0% {2}[\d,]+ ev\/s {2}ETA \S+/,
    );
  });

  it('keeps, as of an instant, only the cases and events recorded by then', async () => {
    const middle = all[Math.floor(all.length / 2)]!.recordedAt;
    const known = all.filter((e) => new Date(e.recordedAt).getTime() <= new Date(middle).getTime());
    const { cases, kept } = await replayAll(
      store,
      plaintextOpener,
      { instant: middle, basis: 'recorded' },
      { batchSize: 64 },
      captureOutput().io,
    );
    expect(kept).toBe(known.length);
    const streams = [...new Set(known.map((e) => e.streamId))];
    expect(cases.map((c) => c.caseId)).toEqual(streams);
    for (const summary of cases) {
      const events = known.filter((e) => e.streamId === summary.caseId) as unknown as CaseEvent[];
      expect(summary.state).toEqual(fold(caseDecider, events));
    }
  });

  it('replays one case into the timeline the projector builds', async () => {
    const [caseId] = history.cases.keys();
    const replay = await replayCase(store, plaintextOpener, caseId!, {
      instant: undefined,
      basis: 'recorded',
    });
    const timeline = await readModels.collection<Timeline>(TIMELINES).get(caseId!);
    expect(replay.entries).toEqual(
      (await timelinePage(timeline!, plaintextOpener, { limit: 10_000 })).entries,
    );
    expect(replay.state).toEqual(history.cases.get(caseId!)!.state);

    const second = replay.entries.find((e) => e.version === 2)!;
    const early = await replayCase(store, plaintextOpener, caseId!, {
      instant: second.recordedAt,
      basis: 'recorded',
    });
    expect(early.entries.map((e) => e.version)).toEqual([1, 2]);
    await expect(
      replayCase(store, plaintextOpener, caseId!, { instant: '2000-01-01T00:00:00.000Z', basis: 'recorded' }),
    ).rejects.toThrow(`Case ${caseId} does not exist as of 2000-01-01T00:00:00.000Z`);
  });
});

describe('replay of a case with a voided entry', () => {
  it('shows the voided entry struck through, as the timeline read model does, and the state without it', async () => {
    const told = new CaseStory('case-v')
      .engaged('2025-01-02T09:00:00.000Z')
      .contact('2025-01-08T09:00:00.000Z', 'contact-1');
    const contact = told.events[1]!;
    const events = told.record(
      'EntryVoided',
      '2025-01-10T09:00:00.000Z',
      { entryId: contact.eventId, entryType: 'ContactRecorded', entryVersion: 2 },
      { reason: 'Written on the wrong case.' },
      { actor: SUPERVISOR },
    ).events;
    const store = LocalEventStore.inMemory();
    await store.append(
      'case-v',
      0,
      events.map(({ version: _version, position: _position, ...event }) => event),
    );
    const readModels = new InMemoryReadModelStore();
    await new ProjectionRunner(timelineProjection, readModels).applyBatch(
      (await store.readAll(0, 100)).events,
    );

    const replay = await replayCase(store, plaintextOpener, 'case-v', {
      instant: undefined,
      basis: 'recorded',
    });
    const timeline = await readModels.collection<Timeline>(TIMELINES).get('case-v');
    expect(replay.entries).toEqual((await timelinePage(timeline!, plaintextOpener, { limit: 100 })).entries);
    expect(replay.entries.map((e) => [e.type, e.voided === null])).toEqual([
      ['ClientEngaged', true],
      ['ContactRecorded', false],
      ['EntryVoided', true],
    ]);
    expect(replay.state).toMatchObject({ lastContactAt: null });

    // Before the void was recorded, the contact still counted and was not struck through.
    const before = await replayCase(store, plaintextOpener, 'case-v', {
      instant: '2025-01-09T00:00:00.000Z',
      basis: 'recorded',
    });
    expect(before.entries.map((e) => [e.type, e.voided === null])).toEqual([
      ['ClientEngaged', true],
      ['ContactRecorded', true],
    ]);
    expect(before.state).toMatchObject({ lastContactAt: '2025-01-08T09:00:00.000Z' });
  });
});

describe('replay after an erasure', () => {
  it('shows the client’s data as erased, in the one case and in the table, the work intact', async () => {
    const keys = new FakeKeys();
    const told = new CaseStory('case-e')
      .engaged('2025-01-02T09:00:00.000Z')
      .contact('2025-01-08T09:00:00.000Z', 'contact-1');
    told.erased('2025-02-01T09:00:00.000Z');
    const sealed = keys.seal(told.events, 'client/client-0001');
    const store = LocalEventStore.inMemory();
    await store.append(
      'case-e',
      0,
      sealed.map(({ version: _version, position: _position, ...event }) => event),
    );
    const now = { instant: undefined, basis: 'recorded' } as const;
    const before = await replayCase(store, keys.opener, 'case-e', now);
    expect(before.clientName).toBe('Maria Lopez');
    keys.destroy('client/client-0001');
    const after = await replayCase(store, keys.opener, 'case-e', now);
    expect(after.clientName).toBeNull();
    expect(after.state).toEqual(before.state);
    expect(after.entries.map((e) => [e.type, e.clientData])).toEqual([
      ['ClientEngaged', 'erased'],
      ['ContactRecorded', 'erased'],
      ['ClientDataErased', 'present'],
    ]);
    expect(JSON.stringify(after)).not.toMatch(/Maria|Lopez|voucher application/);
    expect(formatCaseReplay(after)).toContain('Case case-e (CT-case-e), client data erased: open');
    const { cases } = await replayAll(store, keys.opener, now, { batchSize: 10 }, captureOutput().io);
    expect(cases.map((c) => c.clientName)).toEqual([null]);
    expect(formatCaseTable(cases)).toContain('(erased)');
  });
});

describe('replay --all with the access log in the store', () => {
  it('replays only cases: access streams are neither a case nor a warning', async () => {
    const history = generateCaseHistory(seededRandom(3), { minEvents: 100, concurrentCases: 4 });
    const store = LocalEventStore.inMemory();
    const recorder = new AccessRecorder(store);
    for (const commit of history.commits) {
      await store.append(commit.streamId, commit.expectedVersion, commit.events);
      await recorder.record({
        actor: { id: 'cli:ops', role: 'system' },
        route: 'CLI replay --case',
        outcome: 'granted',
        denial: null,
        cases: [{ caseId: commit.streamId, teamId: null, programId: null }],
        reason: null,
        emergencyUntil: null,
        at: '2026-03-01T10:00:00.000Z',
        correlationId: 'corr',
      });
    }
    const { io: output, err } = captureOutput();
    const { cases, read, kept } = await replayAll(
      store,
      plaintextOpener,
      { instant: undefined, basis: 'recorded' },
      { batchSize: 50 },
      output,
    );
    expect(read).toBe(history.eventCount + history.commits.length);
    expect(kept).toBe(history.eventCount);
    expect(cases.map((c) => c.caseId).sort()).toEqual([...history.cases.keys()].sort());
    expect(err.join('')).not.toMatch(/warning/);
  });
});

describe('as-of arguments', () => {
  it('takes a day as the start of that UTC day, and a zoned instant as itself', () => {
    expect(parseInstant('2025-03-01')).toBe('2025-03-01T00:00:00.000Z');
    expect(parseInstant('2025-03-01T12:30:00+02:00')).toBe('2025-03-01T10:30:00.000Z');
    expect(parseInstant('2025-03-01T12:30Z')).toBe('2025-03-01T12:30:00.000Z');
  });

  it('refuses what is not a date, a day that does not exist, and an instant without a zone', () => {
    for (const bad of ['yesterday', '2025-02-30', '2025-13-01', '2025-03-01T12:00:00', '']) {
      expect(() => parseInstant(bad)).toThrow(CliError);
      expect(() => parseInstant(bad)).toThrow(/--as-of must be/);
    }
    expect(parseBasis(undefined)).toBe('recorded');
    expect(parseBasis('occurred')).toBe('occurred');
    expect(() => parseBasis('happened')).toThrow(/--basis must be/);
  });
});
