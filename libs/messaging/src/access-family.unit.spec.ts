import { AccessRecorder, LocalEventStore, upcast, type StoredEvent } from '@casetrail/event-store';
import { decodeCaseEvent } from './case-event-decoder';
import { InProcessTransport } from './local/in-process-transport';
import { toMessage } from './message-codec';
import { sealSample } from '../../contracts/src/testing/sealing';

const recordedAccess = async (): Promise<StoredEvent> => {
  const store = LocalEventStore.inMemory();
  await new AccessRecorder(store).record({
    actor: { id: 'aud-1', role: 'auditor' },
    route: 'GET /cases/:caseId/events',
    outcome: 'emergency',
    denial: null,
    cases: [{ caseId: 'c-1', teamId: 't-1', programId: null }],
    reason: 'Court order',
    emergencyUntil: '2026-03-01T11:00:00.000Z',
    at: '2026-03-01T10:00:00.000Z',
    correlationId: 'corr',
  });
  return (await store.readAll(0, 10)).events[0]!;
};

const caseEvent = (event: StoredEvent): StoredEvent => ({ ...event, streamId: 'c-1', type: 'CaseAssigned' });

describe('access events in the messaging layer', () => {
  it('decode against the published schema like any event: an access message is not poison', async () => {
    // As the sealing store appends it: the reason sealed under the system records key.
    const plain = await recordedAccess();
    const event = { ...plain, pii: sealSample(plain.eventId, plain.pii, 'system/records') };
    expect(decodeCaseEvent(JSON.stringify(toMessage(event)))).toEqual(event);
  });

  it('pass through the upcasting store unchanged', async () => {
    const store = LocalEventStore.inMemory({ upcast });
    const event = await recordedAccess();
    expect(upcast(event)).toBe(event);
    await new AccessRecorder(store).record({
      actor: { id: 'a', role: 'auditor' },
      route: 'r',
      outcome: 'granted',
      denial: null,
      cases: [],
      reason: null,
      emergencyUntil: null,
      at: '2026-03-01T10:00:00.000Z',
      correlationId: 'c',
    });
    expect((await store.readAll(0, 10)).events.map((e) => e.type)).toEqual(['CaseRecordsAccessed']);
  });

  it('reach only access subscribers in process, and case events only case subscribers', async () => {
    const transport = new InProcessTransport();
    const cases: StoredEvent[] = [];
    const accesses: StoredEvent[] = [];
    await transport.subscribe('p', (events) => (cases.push(...events), Promise.resolve([])));
    await transport.subscribe(
      'p-access',
      (events) => (accesses.push(...events), Promise.resolve([])),
      'access',
    );
    const access = await recordedAccess();
    await transport.publish([caseEvent(access), access, caseEvent(access)]);
    await transport.publish([access]);
    expect(cases.map((e) => e.streamId)).toEqual(['c-1', 'c-1']);
    expect(accesses.map((e) => e.streamId)).toEqual([access.streamId, access.streamId]);
  });
});
