import { createDecipheriv } from 'node:crypto';
import type { CaseEvent, PartnerDisclosures, SharingOutcome } from '@casetrail/domain';
import {
  clientEngaged,
  consentGranted,
  consentRevoked,
  contactRecorded,
  needAssessed,
  recorded,
} from '@casetrail/domain/testing';
import { LocalEventStore, type EventToAppend, type StoredEvent } from '@casetrail/event-store';
import { InMemoryCheckpointStore, InMemoryPartnerFeedSink, Publisher } from '@casetrail/messaging';
import { plaintextOpener, type SealedPii } from '@casetrail/protection';
import { fakeProtection } from '../testing/fake-protection';
import { InMemoryDisclosureStore, type DisclosureRecord } from '@casetrail/platform';
import { DisclosurePlanner, partnerMessageId } from '@casetrail/platform';
import { DISCLOSER_NAME, Discloser, disclosingTransport } from './discloser';
import { compareDisclosures, rebuildDisclosures } from '@casetrail/platform';

const TOPIC = 'test.case-events';
const CLIENT = clientEngaged.data.clientId;

/** What the stand-in for the rules was asked, in order. */
interface Call {
  readonly caseId: string;
  readonly type: string;
  readonly before: string;
  readonly after: string;
  readonly pii: unknown;
  readonly client: unknown;
}

/**
 * The rules' stand-in: every event goes to partner `p1` with its data and pii, and a revocation
 * is a notice instead; `p2` gets only contacts. It records what it was given.
 */
const rulesDouble = () => {
  const calls: Call[] = [];
  const rules: PartnerDisclosures = (before, event, after, _recordedAt, context): SharingOutcome => {
    calls.push({
      caseId: (event as CaseEvent & { streamId?: string }).streamId ?? '',
      type: event.type,
      before: before.status,
      after: after.status,
      pii: event.pii,
      client: context.client,
    });
    if (event.type === 'ConsentRevoked')
      return {
        disclosures: [],
        notices: [
          {
            partnerId: 'p1',
            consentId: 'consent-1',
            change: 'revoked',
            effectiveAt: event.occurredAt,
            categories: [],
            until: null,
          },
        ],
      };
    const disclose = (partnerId: string) => ({
      partnerId,
      consentIds: ['consent-1'],
      categories: ['housing' as const],
      data: { ...event.data },
      pii: { ...event.pii },
      fields: [
        { part: 'data' as const, path: 'x', category: 'housing' as const },
        ...Object.keys(event.pii).map((path) => ({
          part: 'pii' as const,
          path,
          category: 'contact' as const,
        })),
      ],
    });
    return {
      disclosures: event.type === 'ContactRecorded' ? [disclose('p1'), disclose('p2')] : [disclose('p1')],
      notices: [],
    };
  };
  return { rules, calls };
};

const pending = (event: CaseEvent, streamId: string, version: number): EventToAppend => {
  const { version: _v, position: _p, ...rest } = recorded(event, { streamId, version });
  return { ...rest, eventId: `${streamId}-e${version}` };
};

/** Two cases, their events interleaved in the global log. */
const seeded = async () => {
  const store = LocalEventStore.inMemory();
  await store.append('case-a', 0, [pending(clientEngaged, 'case-a', 1)]);
  await store.append('case-b', 0, [pending(clientEngaged, 'case-b', 1)]);
  await store.append('case-a', 1, [pending(consentGranted, 'case-a', 2), pending(needAssessed, 'case-a', 3)]);
  await store.append('case-b', 1, [pending(contactRecorded, 'case-b', 2)]);
  await store.append('case-a', 3, [pending(consentRevoked, 'case-a', 4)]);
  return store;
};

/** The records and sends, interleaved as they happened. */
const recording = () => {
  const journal: string[] = [];
  const records = new InMemoryDisclosureStore();
  const sink = new InMemoryPartnerFeedSink();
  return {
    journal,
    records,
    sink,
    recordsPort: {
      record: async (record: DisclosureRecord) => {
        journal.push(`record ${record.messageId}`);
        await records.record(record);
      },
    },
    sinkPort: {
      send: async (topic: string, message: Parameters<InMemoryPartnerFeedSink['send']>[1]) => {
        await sink.send(topic, message);
        journal.push(`send ${message.messageId}`);
      },
    },
  };
};

const build = async (options: { sinkFailures?: number } = {}) => {
  const store = await seeded();
  const { rules, calls } = rulesDouble();
  const protection = fakeProtection();
  const planner = new DisclosurePlanner({
    store,
    opener: plaintextOpener,
    partnerDisclosures: rules,
    context: { programCategory: () => null },
    topic: TOPIC,
  });
  const io = recording();
  io.sink.failing = options.sinkFailures ?? 0;
  const discloser = new Discloser({
    planner,
    records: io.recordsPort,
    sink: io.sinkPort,
    seal: (partnerId, messageId, pii) => protection.sealForPartner(partnerId, messageId, pii),
    clock: () => '2026-12-01T00:00:00.000Z',
  });
  const checkpoints = new InMemoryCheckpointStore();
  const publisher = new Publisher(store, disclosingTransport(discloser), checkpoints, {
    name: DISCLOSER_NAME,
    batchSize: 2,
    idleMs: 10,
    checkpointIntervalMs: 0,
  });
  return { store, calls, protection, planner, publisher, checkpoints, ...io };
};

const openFor = (key: Buffer, sealed: SealedPii, messageId: string): unknown => {
  const ct = Buffer.from(sealed.ct, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64url'));
  decipher.setAAD(Buffer.from(messageId, 'utf8'));
  decipher.setAuthTag(ct.subarray(ct.length - 16));
  return JSON.parse(
    Buffer.concat([decipher.update(ct.subarray(0, ct.length - 16)), decipher.final()]).toString('utf8'),
  );
};

describe('Discloser: each partner’s feed, in the global log’s order, recorded before it is sent', () => {
  it('judges every case event in log order, on the case’s state before it and after it', async () => {
    const { publisher, calls, sink } = await build();
    await publisher.drain();
    expect(calls.map((c) => [c.caseId, c.type, c.before, c.after])).toEqual([
      ['case-a', 'ClientEngaged', 'initial', 'open'],
      ['case-b', 'ClientEngaged', 'initial', 'open'],
      ['case-a', 'ConsentGranted', 'open', 'open'],
      ['case-a', 'NeedAssessed', 'open', 'open'],
      ['case-b', 'ContactRecorded', 'open', 'open'],
      ['case-a', 'ConsentRevoked', 'open', 'open'],
    ]);
    expect(
      sink.sent.map(({ message }) => [message.caseId, message.event.type, message.partnerId, message.kind]),
    ).toEqual([
      ['case-a', 'ClientEngaged', 'p1', 'disclosure'],
      ['case-b', 'ClientEngaged', 'p1', 'disclosure'],
      ['case-a', 'ConsentGranted', 'p1', 'disclosure'],
      ['case-a', 'NeedAssessed', 'p1', 'disclosure'],
      ['case-b', 'ContactRecorded', 'p1', 'disclosure'],
      ['case-b', 'ContactRecorded', 'p2', 'disclosure'],
      ['case-a', 'ConsentRevoked', 'p1', 'consent-notice'],
    ]);
    expect(sink.sent.map((s) => s.topic)).toContain(`${TOPIC}.partner.p2`);
  });

  it('records each message in the accounting before it sends it', async () => {
    const { publisher, journal, sink } = await build();
    await publisher.drain();
    const ids = sink.sent.map((s) => s.message.messageId);
    expect(journal).toEqual(ids.flatMap((id) => [`record ${id}`, `send ${id}`]));
  });

  it('after a failed send, sends again with the same ids; the accounting holds each message once', async () => {
    const { publisher, records, sink, checkpoints } = await build({ sinkFailures: 0 });
    // Fails the third message (the second batch's first): recorded, not sent, checkpoint not past it.
    let sends = 0;
    const original = sink.send.bind(sink);
    sink.send = (topic, message) =>
      ++sends === 3 ? Promise.reject(new Error('broker down')) : original(topic, message);
    await expect(publisher.drain()).rejects.toThrow('broker down');
    expect(await checkpoints.load(DISCLOSER_NAME)).toBe(2);
    const failedId = partnerMessageId('p1', 'case-a-e2', 'disclosure');
    expect((await records.all()).map((r) => r.messageId)).toContain(failedId);
    expect(sink.sent.map((s) => s.message.messageId)).not.toContain(failedId);

    await publisher.drain();
    const sentIds = sink.sent.map((s) => s.message.messageId);
    expect(sentIds).toContain(failedId);
    const all = await records.all();
    expect(new Set(sentIds)).toEqual(new Set(all.map((r) => r.messageId)));
    expect(all).toHaveLength(7);
    expect(await checkpoints.load(DISCLOSER_NAME)).toBe(6);
  });

  it('gives a redelivered event the same message ids (consumers dedupe by them)', async () => {
    const first = await build();
    await first.publisher.drain();
    const again = await build();
    await again.publisher.drain();
    expect(again.sink.sent.map((s) => s.message.messageId)).toEqual(
      first.sink.sent.map((s) => s.message.messageId),
    );
    expect(first.sink.sent[0]?.message.messageId).toBe(partnerMessageId('p1', 'case-a-e1', 'disclosure'));
  });

  it('seals disclosed pii to the partner under its feed key, the message id bound in; no pii is null', async () => {
    const { publisher, sink, protection } = await build();
    await publisher.drain();
    const contact = sink.sent.find(
      (s) => s.message.event.type === 'ContactRecorded' && s.message.partnerId === 'p2',
    );
    const sealed = contact?.message.pii;
    expect(sealed).toMatchObject({ sealed: 1, alg: 'A256GCM', kid: 'partner/p2' });
    expect(JSON.stringify(contact?.message)).not.toContain(String(Object.values(contactRecorded.pii)[0]));
    const { key } = await protection.partnerFeedKey('p2');
    expect(openFor(key, sealed!, contact!.message.messageId)).toEqual(contactRecorded.pii);
    const { key: other } = await protection.partnerFeedKey('p1');
    expect(() => openFor(other, sealed!, contact!.message.messageId)).toThrow();
    expect(() => openFor(key, sealed!, 'another-message')).toThrow();
    const notice = sink.sent.find((s) => s.message.kind === 'consent-notice')?.message;
    expect(notice).toMatchObject({
      pii: null,
      data: {},
      fields: [],
      categories: [],
      consentIds: ['consent-1'],
      notice: { consentId: 'consent-1', change: 'revoked', categories: [], until: null },
    });
  });

  it('keeps no values in the accounting, only what and why', async () => {
    const { publisher, records } = await build();
    await publisher.drain();
    const [first] = await records.all();
    expect(Object.keys(first ?? {}).sort()).toEqual(
      [
        'messageId',
        'clientId',
        'partnerId',
        'caseId',
        'eventId',
        'eventType',
        'kind',
        'consentIds',
        'categories',
        'fields',
        'topic',
        'disclosedAt',
        'position',
      ].sort(),
    );
    expect(first).toMatchObject({
      clientId: CLIENT,
      fields: ['data.x', 'pii.client', 'pii.presentingConcerns'],
    });
    const text = JSON.stringify(await records.all());
    expect(text).not.toContain(clientEngaged.pii.presentingConcerns);
    expect(text).not.toContain(clientEngaged.pii.client.familyName);
  });

  it('gives the rules, for a grant only, the client as their engagement recorded them (null once erased)', async () => {
    const { publisher, calls, store } = await build();
    await publisher.drain();
    expect(calls.filter((c) => c.client !== undefined)).toEqual([
      expect.objectContaining({ type: 'ConsentGranted', client: clientEngaged.pii.client }),
    ]);
    const { rules, calls: erased } = rulesDouble();
    const planner = new DisclosurePlanner({
      store,
      opener: { open: () => Promise.resolve({ status: 'erased' }) },
      partnerDisclosures: rules,
      context: { programCategory: () => null },
      topic: TOPIC,
    });
    const grant = (await store.readAll(0, 10)).events.find((e) => e.type === 'ConsentGranted')!;
    await planner.plan(grant);
    expect(erased).toEqual([expect.objectContaining({ type: 'ConsentGranted', client: null })]);
  });

  it('skips access-family events without asking the rules', async () => {
    const { planner, calls } = await build();
    const access = { ...recorded(contactRecorded), streamId: 'access-instance-1' } as StoredEvent;
    expect(await planner.plan(access)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('folds the stream’s prefix for an event whose case it has not seen (a restart mid-log)', async () => {
    const { store, planner, calls } = await build();
    const [, , , needs] = (await store.readAll(0, 10)).events;
    await planner.plan(needs!);
    expect(calls).toEqual([expect.objectContaining({ type: 'NeedAssessed', before: 'open', after: 'open' })]);
  });

  it('opens erased pii as {} before the rules see it', async () => {
    const { rules, calls } = rulesDouble();
    const store = await seeded();
    const planner = new DisclosurePlanner({
      store,
      opener: { open: () => Promise.resolve({ status: 'erased' }) },
      partnerDisclosures: rules,
      context: { programCategory: () => null },
      topic: TOPIC,
    });
    const [event] = (await store.readAll(0, 1)).events;
    await planner.plan(event!);
    expect(calls[0]?.pii).toEqual({});
  });

  it('reports, without failing on them, the differences an erased client’s unopenable pii explains', async () => {
    const { publisher, store, records } = await build();
    await publisher.drain();
    const stored = await records.all();
    const [first, second, ...rest] = stored;
    const changed = [{ ...first!, fields: [...first!.fields, 'pii.summary'] }, second!, ...rest];
    const extra = [...stored, { ...first!, messageId: 'made-by-erased-pii' }];
    const fresh = () =>
      new DisclosurePlanner({
        store,
        opener: plaintextOpener,
        partnerDisclosures: rulesDouble().rules,
        context: { programCategory: () => null },
        topic: TOPIC,
      });
    const erased = new Set([CLIENT]);
    expect(compareDisclosures(await rebuildDisclosures(store, fresh()), changed, erased)).toMatchObject({
      differences: [],
      erased: [{ messageId: first!.messageId, kind: 'changed', fields: ['fields'] }],
    });
    expect(compareDisclosures(await rebuildDisclosures(store, fresh()), extra, erased)).toMatchObject({
      differences: [],
      erased: [{ messageId: 'made-by-erased-pii', kind: 'unexpected' }],
    });
    // Not erased: the same are differences. And another field changed is one, erased or not.
    expect(compareDisclosures(await rebuildDisclosures(store, fresh()), changed).differences).toHaveLength(1);
    const moved = [{ ...first!, partnerId: 'p9' }, second!, ...rest];
    expect(compareDisclosures(await rebuildDisclosures(store, fresh()), moved, erased).differences).toEqual([
      { messageId: first!.messageId, kind: 'changed', fields: ['partnerId'] },
    ]);
  });

  it('rebuilds from the event store alone what it recorded, and names every difference', async () => {
    const { publisher, store, planner, records } = await build();
    await publisher.drain();
    const fresh = new DisclosurePlanner({
      store,
      opener: plaintextOpener,
      partnerDisclosures: rulesDouble().rules,
      context: { programCategory: () => null },
      topic: TOPIC,
    });
    const stored = await records.all();
    expect(compareDisclosures(await rebuildDisclosures(store, fresh, 2), stored)).toEqual({
      rebuilt: 7,
      stored: 7,
      matching: 7,
      differences: [],
      erased: [],
    });
    const [first, second, ...rest] = stored;
    const tampered = [
      { ...first!, categories: ['finances' as const] },
      ...rest,
      { ...second!, messageId: 'forged' },
    ];
    expect(compareDisclosures(await rebuildDisclosures(store, planner), tampered).differences).toEqual([
      { messageId: first!.messageId, kind: 'changed', fields: ['categories'] },
      { messageId: second!.messageId, kind: 'missing', fields: [] },
      { messageId: 'forged', kind: 'unexpected', fields: [] },
    ]);
  });
});
