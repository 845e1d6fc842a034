import type { StreamFamily } from '@casetrail/domain';
import type { StoredEvent } from '@casetrail/event-store';

/** An event a subscriber cannot apply however often it is redelivered, and why. */
export interface DeadLetter {
  readonly event: StoredEvent;
  readonly reason: string;
}

/**
 * Handles one batch. Throwing means "try again" (the batch is redelivered); returning
 * dead letters means "these can never succeed": they are parked and the subscriber moves on.
 */
export type BatchHandler = (events: readonly StoredEvent[]) => Promise<readonly DeadLetter[]>;

export interface Subscription {
  close(): Promise<void>;
}

/** Turns a raw message into an event, or throws if it never will be one (a poison message). */
export type MessageDecoder = (value: string) => StoredEvent;

/**
 * Moves committed events to subscribers: at least once, and in order per stream
 * (the stream id is the partition key). Each stream family has its own channel: case
 * events go to case subscribers, access events to access subscribers, never mixed.
 */
export interface EventTransport {
  publish(events: readonly StoredEvent[]): Promise<void>;
  /** Subscribes to one stream family's events; `case` by default. */
  subscribe(group: string, handler: BatchHandler, family?: StreamFamily): Promise<Subscription>;
  /** Events of the family published but not yet handled by the group. */
  lag(group: string, family?: StreamFamily): Promise<number>;
  /** A broker answers (external mode); absent where there is no broker to ask (in process). */
  ping?(): Promise<void>;
  /** Consumer groups whose consumer stopped for good and has not come back: not ready. */
  stoppedConsumers?(): readonly string[];
  close(): Promise<void>;
}

export const EVENT_TRANSPORT = Symbol('EventTransport');

/**
 * What a transport tells the process's metrics. Reasons are two bounded values, not the free
 * text (which may name an id); lag is per partition after each handled batch.
 */
export interface TransportObserver {
  deadLettered(reason: 'undecodable' | 'unappliable', count: number): void;
  consumed(topic: string, partition: number, lag: number): void;
}

/** Durable progress of a reader of the global log (the publisher), by name. */
export interface CheckpointStore {
  load(name: string): Promise<number>;
  save(name: string, position: number): Promise<void>;
}

export const CHECKPOINT_STORE = Symbol('CheckpointStore');
