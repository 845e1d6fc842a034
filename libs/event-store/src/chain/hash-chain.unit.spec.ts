import { canonicalJson, chain, eventHash } from './hash-chain';
import { pendingEvent } from '../testing/event-store.contract';
import type { StoredEvent } from '../event-store.port';

const stored = (version: number, overrides: Partial<StoredEvent> = {}): StoredEvent => ({
  ...pendingEvent('case-1', 'Noted', { n: version }),
  eventId: `event-${version}`,
  version,
  position: version,
  ...overrides,
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order, drops undefined fields, and adds no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined }, 1], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[3,{"z":1},1]},"b":1}',
    );
  });

  it('encodes undefined inside an array as null, as JSON does', () => {
    expect(canonicalJson([undefined, 'x'])).toBe(JSON.stringify([undefined, 'x']));
  });

  it('gives one encoding whatever order the keys were set in', () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
  });
});

describe('eventHash and chain', () => {
  it('covers a traceparent when the event has one, and hashes an event without it as before', () => {
    const event = stored(1);
    const traced = { ...event, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' };
    // An event recorded before traces were kept: its stored hash must still verify.
    expect(eventHash({ ...event, traceparent: undefined }, null)).toBe(eventHash(event, null));
    expect(eventHash(traced, null)).not.toBe(eventHash(event, null));
    expect(
      eventHash({ ...traced, traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b8-01' }, null),
    ).not.toBe(eventHash(traced, null));
  });

  it('hashes the envelope with the previous hash, not the position', () => {
    const event = stored(1);
    const hash = eventHash(event, null);
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(eventHash({ ...event, position: 99 } as StoredEvent, null)).toBe(hash);
    expect(eventHash(event, 'sha256:other')).not.toBe(hash);
    for (const change of [
      { data: { n: 2 } },
      { pii: { note: 'edited' } },
      { version: 2 },
      { eventId: 'x' },
      { type: 'Other' },
      { schemaVersion: 2 },
      { occurredAt: '2026-01-01T00:00:00.000Z' },
      { recordedAt: '2026-01-01T00:00:00.000Z' },
      { actor: { id: 'someone-else', role: 'case_manager' } },
      { correlationId: 'c' },
      { causationId: 'c' },
      { streamId: 'case-2' },
    ])
      expect(eventHash({ ...event, ...change } as StoredEvent, null)).not.toBe(hash);
  });

  it('links each event of a commit to the one before, the first to the head given, and drops dataSubject', () => {
    const [first, second] = chain('sha256:head', [
      { ...stored(4), dataSubject: 'client-1' } as StoredEvent,
      stored(5),
    ]);
    expect(first).not.toHaveProperty('dataSubject');
    expect(first!.prevHash).toBe('sha256:head');
    expect(first!.hash).toBe(eventHash(first!, 'sha256:head'));
    expect(second!.prevHash).toBe(first!.hash);
    expect(second!.hash).toBe(eventHash(second!, first!.hash!));
  });

  it('replaces any hash an appender brought with it (events copied from another store)', () => {
    const [linked] = chain(null, [{ ...stored(1), prevHash: 'sha256:forged', hash: 'sha256:forged' }]);
    expect(linked!.prevHash).toBeNull();
    expect(linked!.hash).toBe(eventHash(stored(1), null));
  });
});
