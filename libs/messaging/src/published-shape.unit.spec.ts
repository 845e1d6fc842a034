import { SAMPLE_EVENTS, sampleMessage } from '../../contracts/src/testing/sample-messages';
import {
  eventHash,
  LocalEventStore,
  upcast,
  upcasting,
  type EventToAppend,
  type StoredEvent,
} from '@casetrail/event-store';
import { decodeCaseEvent } from './case-event-decoder';
import { InMemoryCheckpointStore } from './local/in-memory-checkpoints';
import { fromMessage, toMessage } from './message-codec';
import { PublisherService } from './publisher.module';
import type { EventTransport } from './transport.port';

/** A ClientEngaged as a release before v2 stored it: no `data.clientId`. */
const storedV1 = (): EventToAppend => {
  const {
    version: _v,
    position: _p,
    prevHash: _ph,
    hash: _h,
    ...event
  } = fromMessage(sampleMessage(SAMPLE_EVENTS.ClientEngaged, 1));
  const { clientId: _clientId, ...v1Data } = event.data as { clientId: string };
  return { ...event, schemaVersion: 1, data: v1Data };
};

const capturing = () => {
  const published: StoredEvent[] = [];
  const transport: EventTransport = {
    publish: (events) => {
      published.push(...events);
      return Promise.resolve();
    },
    subscribe: () => Promise.reject(new Error('not subscribed here')),
    lag: () => Promise.resolve(0),
    close: () => Promise.resolve(),
  };
  return { published, transport };
};

const settings = { enabled: true, batchSize: 10, idleMs: 5, checkpointIntervalMs: 0 };

const publishOnce = async (service: PublisherService, published: StoredEvent[]) => {
  service.onApplicationBootstrap();
  for (let i = 0; i < 200 && published.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
  await service.onModuleDestroy();
};

describe('the published shape of an event', () => {
  it('is the stored one: an upcast ClientEngaged v1 still goes out as v1, its hash over those bytes', async () => {
    const stored = LocalEventStore.inMemory();
    await stored.append(storedV1().streamId, 0, [storedV1()]);
    const current = upcasting(stored, upcast);
    // What the deciders and projections read: upcast to v2.
    expect((await current.readStream(storedV1().streamId))[0]).toMatchObject({ schemaVersion: 2 });

    const { published, transport } = capturing();
    const service = new PublisherService(
      current,
      transport,
      new InMemoryCheckpointStore(),
      settings,
      null,
      stored,
    );
    await publishOnce(service, published);

    const message = toMessage(published[0]!);
    expect(message).toMatchObject({ type: 'ClientEngaged', schemaVersion: 1 });
    expect(message.data).not.toHaveProperty('clientId');
    expect(eventHash(fromMessage(message), message.prevHash ?? null)).toBe(message.hash);
    // The consumer's side upcasts: Casetrail's own decoder gives the projector v2.
    expect(decodeCaseEvent(JSON.stringify(message))).toMatchObject({
      schemaVersion: 2,
      data: { clientId: message.caseId },
    });
  });

  it('is the upcast one only where no stored store is given (embedded mode: nothing leaves the process)', async () => {
    const stored = LocalEventStore.inMemory();
    await stored.append(storedV1().streamId, 0, [storedV1()]);
    const { published, transport } = capturing();
    const service = new PublisherService(
      upcasting(stored, upcast),
      transport,
      new InMemoryCheckpointStore(),
      settings,
    );
    await publishOnce(service, published);
    expect(published[0]).toMatchObject({ schemaVersion: 2 });
  });
});
