import { randomUUID } from 'node:crypto';
import type { StoredEvent } from '@casetrail/event-store';
import type { DeadLetter, EventTransport } from '../transport.port';

/** A recorded event as a transport carries it; the payload says its position. */
export const transportedEvent = (streamId: string, version: number, position: number): StoredEvent => ({
  eventId: randomUUID(),
  type: 'ContactRecorded',
  schemaVersion: 1,
  streamId,
  version,
  position,
  occurredAt: '2026-03-01T10:00:00.000Z',
  recordedAt: '2026-03-01T10:05:00.000Z',
  actor: { id: 'worker-1', role: 'case_manager' },
  correlationId: 'corr',
  causationId: 'cause',
  data: { n: position },
  pii: { summary: 'text' },
});

const waitFor = async (check: () => boolean, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** What the publisher and the projector rely on from a transport, for every adapter. */
export const describeTransportContract = (name: string, open: () => Promise<EventTransport>) => {
  describe(`EventTransport contract: ${name}`, () => {
    let transport: EventTransport;
    beforeEach(async () => {
      transport = await open();
    });
    afterEach(async () => {
      await transport.close();
    });

    it('delivers every event, each case’s in order, and reports no lag once handled', async () => {
      const received: StoredEvent[] = [];
      const group = `group-${randomUUID()}`;
      await transport.subscribe(group, (events) => {
        received.push(...events);
        return Promise.resolve([]);
      });
      const cases = ['a', 'b', 'c'].map((c) => `${c}-${randomUUID()}`);
      let position = 0;
      for (let version = 1; version <= 10; version++) {
        await transport.publish(cases.map((c) => transportedEvent(c, version, ++position)));
      }
      await waitFor(() => received.length >= 30);
      expect(received).toHaveLength(30);
      for (const c of cases) {
        expect(received.filter((e) => e.streamId === c).map((e) => e.version)).toEqual([
          1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
        ]);
      }
      expect(received[0]).toEqual(
        expect.objectContaining({ data: { n: expect.any(Number) }, pii: { summary: 'text' } }),
      );
      let lag = -1;
      for (let i = 0; i < 100 && lag !== 0; i++) {
        lag = await transport.lag(group);
        if (lag !== 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(lag).toBe(0);
    });

    it('delivers a batch again after its handler fails, and moves past dead letters', async () => {
      const group = `group-${randomUUID()}`;
      // Every attempt, and apart from them the batches the handler accepted: a broker may hand the
      // failing attempt all four events at once, so only accepted deliveries say the work is done.
      const seen: string[] = [];
      const accepted: string[] = [];
      let failures = 0;
      const parked: DeadLetter[] = [];
      await transport.subscribe(group, (events) => {
        const names = events.map((e) => `${e.streamId}@${e.version}`);
        seen.push(...names);
        if (events.some((e) => e.version === 2) && failures === 0) {
          failures++;
          return Promise.reject(new Error('database unavailable'));
        }
        accepted.push(...names);
        const letters = events
          .filter((e) => e.version === 3)
          .map((e) => ({ event: e, reason: 'cannot apply' }));
        parked.push(...letters);
        return Promise.resolve(letters);
      });
      const c = `case-${randomUUID()}`;
      // A failed in-process delivery fails the publish itself: the publisher then retries from its checkpoint.
      await transport
        .publish([transportedEvent(c, 1, 1), transportedEvent(c, 2, 2)])
        .catch(() => transport.publish([transportedEvent(c, 1, 1), transportedEvent(c, 2, 2)]));
      await transport.publish([transportedEvent(c, 3, 3), transportedEvent(c, 4, 4)]);
      await waitFor(() => accepted.includes(`${c}@4`));
      expect(failures).toBe(1);
      expect(seen.filter((s) => s === `${c}@2`).length).toBeGreaterThanOrEqual(2);
      expect(accepted.filter((s) => s === `${c}@2`)).toHaveLength(1);
      expect(parked.map((l) => l.event.version)).toEqual([3]);
      expect(accepted.filter((s) => s === `${c}@3`)).toHaveLength(1);
    });
  });
};
