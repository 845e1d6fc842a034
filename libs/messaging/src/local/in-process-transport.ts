import { Subject, concatMap } from 'rxjs';
import { streamFamilyOf, type StreamFamily } from '@casetrail/domain';
import type { StoredEvent } from '@casetrail/event-store';
import type { BatchHandler, EventTransport, Subscription, TransportObserver } from '../transport.port';
import { DeadLetterFile } from './dead-letter-file';

interface Delivery {
  readonly events: readonly StoredEvent[];
  readonly done: (error?: unknown) => void;
}

/**
 * The embedded transport: each subscriber gets batches one at a time, in publish
 * order, and `publish` resolves once every subscriber has handled the batch, so a
 * failed handler fails the publish and the publisher retries from its checkpoint.
 * Each subscriber sees only its stream family's events. Dead letters go to the data
 * directory's dead-letter file (in memory without one), synced before the delivery that
 * parked them completes: a dead letter is never lost, and never only in memory.
 */
export class InProcessTransport implements EventTransport {
  private readonly subscribers = new Map<Subject<Delivery>, StreamFamily>();

  constructor(
    readonly deadLetters: DeadLetterFile = new DeadLetterFile(),
    private readonly observer?: TransportObserver,
  ) {}

  async publish(events: readonly StoredEvent[]): Promise<void> {
    for (const [subscriber, family] of this.subscribers) {
      const theirs = events.filter((event) => streamFamilyOf(event.streamId) === family);
      if (theirs.length === 0) continue;
      await new Promise<void>((resolve, reject) =>
        subscriber.next({
          events: theirs,
          done: (error) =>
            error
              ? reject(error instanceof Error ? error : new Error('Subscriber failed', { cause: error }))
              : resolve(),
        }),
      );
    }
  }

  subscribe(group: string, handler: BatchHandler, family: StreamFamily = 'case'): Promise<Subscription> {
    const deliveries = new Subject<Delivery>();
    deliveries
      .pipe(
        concatMap(async (delivery) => {
          try {
            const letters = await handler(delivery.events);
            await this.deadLetters.record(group, family, letters);
            if (letters.length > 0) this.observer?.deadLettered('unappliable', letters.length);
            // One channel per family, handled before publish resolves: nothing waits behind it.
            this.observer?.consumed(family, 0, 0);
            delivery.done();
          } catch (error) {
            delivery.done(error);
          }
        }),
      )
      .subscribe();
    this.subscribers.set(deliveries, family);
    return Promise.resolve({
      close: () => {
        this.subscribers.delete(deliveries);
        deliveries.complete();
        return Promise.resolve();
      },
    });
  }

  /** Publishing waits for every subscriber, so nothing published is ever unhandled. */
  lag(): Promise<number> {
    return Promise.resolve(0);
  }

  close(): Promise<void> {
    for (const subscriber of this.subscribers.keys()) subscriber.complete();
    this.subscribers.clear();
    this.deadLetters.close();
    return Promise.resolve();
  }
}
