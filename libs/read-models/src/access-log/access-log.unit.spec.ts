import type { AccessEntry } from '@casetrail/domain';
import { AccessRecorder, LocalEventStore, type StoredEvent } from '@casetrail/event-store';
import { rebuildReadModel } from '../rebuild';
import { InMemoryReadModelStore } from '../store/in-memory-read-model-store';
import {
  ACCESS_LOG,
  accessLogTarget,
  AccessLogProjector,
  evolveAccessLog,
  type AccessLogEntry,
} from './access-log.projection';
import {
  accessLogPage,
  activeEmergencyGrant,
  emergencyAccesses,
  readAccessLogPage,
  readActiveEmergencyGrant,
  readEmergencyAccesses,
  openAccessLogEntries,
} from './access-log.queries';
import { plaintextOpener } from '@casetrail/protection';
import { FakeKeys } from '../testing/fake-sealing';

const entry = (overrides: Partial<AccessEntry> = {}): AccessEntry => ({
  actor: { id: 'cm-1', role: 'case_manager' },
  route: 'GET /cases/:caseId',
  outcome: 'granted',
  denial: null,
  cases: [{ caseId: 'case-a', teamId: 'team-1', programId: 'prog-1' }],
  reason: null,
  emergencyUntil: null,
  at: '2026-03-01T10:00:00.000Z',
  correlationId: 'corr',
  ...overrides,
});

const recorded = async (entries: readonly AccessEntry[]) => {
  const store = LocalEventStore.inMemory();
  const recorder = new AccessRecorder(store);
  for (const e of entries) await recorder.record(e);
  return (await store.readAll(0, 10_000)).events;
};

const projected = async (events: readonly StoredEvent[]) => {
  const readModels = new InMemoryReadModelStore();
  const projector = new AccessLogProjector(readModels);
  await projector.init();
  await projector.applyBatch(events);
  return { readModels, projector, docs: readModels.collection<AccessLogEntry>(ACCESS_LOG) };
};

describe('the access_log projection', () => {
  it('makes one document per case an access names, keyed <caseId>:<eventId>', async () => {
    const events = await recorded([
      entry({
        route: 'GET /caseloads/:caseManagerId',
        cases: [
          { caseId: 'case-a', teamId: 'team-1', programId: null },
          { caseId: 'case-b', teamId: 'team-2', programId: null },
        ],
      }),
    ]);
    const { docs } = await projected(events);
    const all = await docs.find({});
    const eventId = events[0]!.eventId;
    expect(all.map((d) => d._id).sort()).toEqual([`case-a:${eventId}`, `case-b:${eventId}`]);
    expect(await docs.get(`case-b:${eventId}`)).toEqual({
      _id: `case-b:${eventId}`,
      version: 1,
      caseId: 'case-b',
      eventId,
      position: 1,
      at: '2026-03-01T10:00:00.000Z',
      actor: { id: 'cm-1', role: 'case_manager' },
      actorId: 'cm-1',
      route: 'GET /caseloads/:caseManagerId',
      outcome: 'granted',
      denial: null,
      pii: { reason: null },
      emergencyUntil: null,
      teamId: 'team-2',
      programId: null,
    });
  });

  it('makes nothing of a denied list read that names no case, nor of case events', async () => {
    const events = await recorded([entry({ outcome: 'denied', denial: 'NOT_A_SUPERVISOR', cases: [] })]);
    const caseEvent = { ...events[0]!, streamId: 'case-a', type: 'ClientEngaged' };
    const { docs, projector } = await projected([...events, caseEvent]);
    expect(await docs.find({})).toEqual([]);
    expect(await projector.applyBatch([caseEvent])).toBe(0);
  });

  it('is idempotent: a redelivered batch, or a replay from the start, adds nothing', async () => {
    const events = await recorded([entry(), entry({ actor: { id: 'sup-1', role: 'supervisor' } })]);
    const { docs, projector } = await projected(events);
    const before = await docs.find({});
    expect(await projector.applyBatch(events)).toBe(0);
    expect(await projector.applyBatch([events[1]!, events[0]!, events[1]!])).toBe(0);
    expect(await docs.find({})).toEqual(before);
  });

  it('evolve keeps a stored document as it is', async () => {
    const [event] = await recorded([entry()]);
    const id = `case-a:${event!.eventId}`;
    const doc = evolveAccessLog(null, event!, id)!;
    expect(evolveAccessLog(doc, event!, id)).toBe(doc);
    expect(evolveAccessLog(null, event!, 'case-z:other')).toBeNull();
  });
});

describe('access log queries', () => {
  const three = [
    entry({ actor: { id: 'cm-1', role: 'case_manager' }, at: '2026-03-01T10:00:00.000Z' }),
    entry({ actor: { id: 'sup-1', role: 'supervisor' }, at: '2026-03-01T10:05:00.000Z' }),
    entry({
      actor: { id: 'cm-9', role: 'case_manager' },
      outcome: 'denied',
      denial: 'NOT_ASSIGNED',
      at: '2026-03-01T10:10:00.000Z',
    }),
  ];

  it('pages one case’s accesses newest first, with the total', async () => {
    const { readModels } = await projected(
      await recorded([...three, entry({ cases: [{ caseId: 'case-b', teamId: null, programId: null }] })]),
    );
    const page = await readAccessLogPage(readModels, 'case-a');
    expect(page.total).toBe(3);
    expect(page.entries.map((e) => [e.actor.id, e.outcome, e.denial])).toEqual([
      ['cm-9', 'denied', 'NOT_ASSIGNED'],
      ['sup-1', 'granted', null],
      ['cm-1', 'granted', null],
    ]);
    const second = await readAccessLogPage(readModels, 'case-a', { offset: 1, limit: 1 });
    expect({ total: second.total, ids: second.entries.map((e) => e.actor.id) }).toEqual({
      total: 3,
      ids: ['sup-1'],
    });
    expect((await readAccessLogPage(readModels, 'case-nobody')).total).toBe(0);
  });

  it('refuses a page it cannot give', () => {
    expect(() => accessLogPage([], { offset: -1 })).toThrow(RangeError);
    expect(() => accessLogPage([], { limit: 0 })).toThrow(RangeError);
    expect(accessLogPage([], { limit: 10_000 }).limit).toBe(500);
  });

  const emergencies = [
    entry({
      actor: { id: 'cm-7', role: 'case_manager' },
      outcome: 'emergency',
      emergencyUntil: '2026-03-01T11:00:00.000Z',
      reason: 'Client at risk tonight',
      at: '2026-03-01T10:00:00.000Z',
    }),
    entry({
      actor: { id: 'cm-7', role: 'case_manager' },
      outcome: 'emergency',
      emergencyUntil: '2026-03-02T11:00:00.000Z',
      reason: 'Again',
      cases: [{ caseId: 'case-b', teamId: 'team-2', programId: null }],
      at: '2026-03-02T10:00:00.000Z',
    }),
    entry({ at: '2026-03-02T10:30:00.000Z' }),
  ];

  it('keeps the reason sealed as the event carried it, and opens it only when read', async () => {
    const keys = new FakeKeys();
    const sealed = keys.seal(await recorded(emergencies), 'system/records');
    const { readModels, docs } = await projected(sealed);
    const stored = await docs.find({});
    expect(JSON.stringify(stored)).not.toContain('Client at risk tonight');
    for (const doc of stored) expect(doc.pii).toEqual(sealed.find((e) => e.eventId === doc.eventId)!.pii);
    const opened = await openAccessLogEntries(
      await readEmergencyAccesses(readModels, { teamIds: 'all' }),
      keys.opener,
    );
    expect(opened.map((e) => e.reason)).toEqual(['Again', 'Client at risk tonight']);
    expect(opened[0]).not.toHaveProperty('pii');
  });

  it('answers an entry an older release wrote, with its reason as text, until a rebuild', async () => {
    const { docs } = await projected(await recorded(emergencies));
    const [doc] = await docs.find({ actorId: 'cm-1' });
    const { pii: _pii, ...rest } = doc!;
    const old = { ...rest, reason: 'Client at risk tonight' } as unknown as AccessLogEntry;
    expect((await openAccessLogEntries([old], plaintextOpener))[0]).toMatchObject({
      reason: 'Client at risk tonight',
    });
  });

  it('lists emergency accesses for a supervisor’s teams within a period, newest first', async () => {
    const { readModels, docs } = await projected(await recorded(emergencies));
    const team1 = await readEmergencyAccesses(readModels, { teamIds: ['team-1'] });
    const opened = await openAccessLogEntries(team1, plaintextOpener);
    expect(opened.map((e) => [e.caseId, e.reason])).toEqual([['case-a', 'Client at risk tonight']]);
    const all = await readEmergencyAccesses(readModels, { teamIds: 'all' });
    expect(all.map((e) => e.caseId)).toEqual(['case-b', 'case-a']);
    const both = await readEmergencyAccesses(readModels, {
      teamIds: ['team-1', 'team-2'],
      from: '2026-03-02T00:00:00.000Z',
      to: '2026-03-03T00:00:00.000Z',
    });
    expect(both.map((e) => e.caseId)).toEqual(['case-b']);
    expect(() =>
      emergencyAccesses([], {
        teamIds: 'all',
        from: '2026-03-03T00:00:00.000Z',
        to: '2026-03-02T00:00:00.000Z',
      }),
    ).toThrow(RangeError);
    expect((await docs.find({})).length).toBe(3);
  });

  it('finds the emergency grant still running for an actor on a case, and none once it has run out', async () => {
    const { readModels } = await projected(await recorded(emergencies));
    const running = await readActiveEmergencyGrant(readModels, 'case-a', 'cm-7', '2026-03-01T10:30:00.000Z');
    expect(running?.emergencyUntil).toBe('2026-03-01T11:00:00.000Z');
    expect(
      await readActiveEmergencyGrant(readModels, 'case-a', 'cm-7', '2026-03-01T11:00:00.000Z'),
    ).toBeNull();
    expect(
      await readActiveEmergencyGrant(readModels, 'case-a', 'cm-1', '2026-03-01T10:30:00.000Z'),
    ).toBeNull();
    expect(activeEmergencyGrant([], 'case-a', 'cm-7', '2026-03-01T10:30:00.000Z')).toBeNull();
  });
});

describe('rebuilding the access_log', () => {
  it('replays the store into what the projector built, swapped in over a damaged live collection', async () => {
    const store = LocalEventStore.inMemory();
    const recorder = new AccessRecorder(store);
    for (let i = 0; i < 30; i++) {
      await store.append(`case-${i}`, 0, [
        {
          eventId: `e-${i}`,
          type: 'CaseAssigned',
          schemaVersion: 1,
          streamId: `case-${i}`,
          occurredAt: '2026-03-01T09:00:00.000Z',
          recordedAt: '2026-03-01T09:00:00.000Z',
          actor: { id: 'sup-1', role: 'supervisor' },
          correlationId: 'c',
          causationId: 'c',
          data: { caseManagerId: 'cm-1' },
          pii: {},
        },
      ]);
      await recorder.record(entry({ cases: [{ caseId: `case-${i % 4}`, teamId: null, programId: null }] }));
    }
    const events = (await store.readAll(0, 1000)).events;
    const { docs: expected } = await projected(events);
    const readModels = new InMemoryReadModelStore();
    const live = readModels.collection<AccessLogEntry>(ACCESS_LOG);
    await live.put({ ...(await expected.find({}))[0]!, route: 'damaged' }, null);
    const result = await rebuildReadModel(store, readModels, accessLogTarget, { batchSize: 7 });
    expect(result).toMatchObject({ projection: ACCESS_LOG, events: 60, deadLettered: 0 });
    const sort = (list: AccessLogEntry[]) => list.sort((a, b) => a._id.localeCompare(b._id));
    const rebuilt = readModels.collection<AccessLogEntry>(ACCESS_LOG);
    expect(sort(await rebuilt.find({}))).toEqual(sort(await expected.find({})));
  });
});
