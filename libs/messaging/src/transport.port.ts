import type { StoredEvent } from '@casetrail/event-store';

export type BatchHandler = (events: readonly StoredEvent[]) => Promise<void>;

export interface Subscription {
  close(): Promise<void>;
}

/**
 * Moves committed events to subscribers: at least once, and in order per case
 * (the case id is the partition key). A handler that throws gets the batch again.
 */
export interface EventTransport {
  publish(events: readonly StoredEvent[]): Promise<void>;
  subscribe(group: string, handler: BatchHandler): Promise<Subscription>;
  close(): Promise<void>;
}

export const EVENT_TRANSPORT = Symbol('EventTransport');

/** Durable progress of a reader of the global log (the publisher), by name. */
export interface CheckpointStore {
  load(name: string): Promise<number>;
  save(name: string, position: number): Promise<void>;
}

export const CHECKPOINT_STORE = Symbol('CheckpointStore');
