import type { EventStore, StoredEvent } from '@casetrail/event-store';
import { ProjectionRunner, type Projection } from './projection';
import { InMemoryReadModelStore } from './store/in-memory-read-model-store';
import type { ReadModelDocument, ReadModelStore } from './store/read-model-store.port';

export interface RebuildProgress {
  readonly projection: string;
  readonly position: number;
  readonly head: number;
  readonly eventsPerSecond: number;
  /** Seconds left at the current rate; null until there is a rate. */
  readonly etaSeconds: number | null;
}

export interface RebuildResult {
  readonly projection: string;
  readonly events: number;
  readonly seconds: number;
  readonly deadLettered: number;
}

export interface RebuildOptions {
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Clock for rates; injected so tests need no timers. */
  readonly now?: () => number;
}

/** What a rebuild needs of a read model: its collection and a runner writing into a named one. */
export interface RebuildTarget {
  readonly collection: string;
  /** Readies a collection before it is filled (its indexes travel with it when swapped in). */
  prepare?(readModels: ReadModelStore, collection: string): Promise<void>;
  runner(
    readModels: ReadModelStore,
    collection: string,
  ): { applyBatch(events: readonly StoredEvent[]): Promise<{ readonly poisoned: readonly unknown[] }> };
}

/** A case projection as a rebuild target. */
export const projectionTarget = (projection: Projection<ReadModelDocument>): RebuildTarget => ({
  collection: projection.collection,
  runner: (readModels, collection) => new ProjectionRunner(projection, readModels, collection),
});

type Runner = ReturnType<RebuildTarget['runner']>;

const replay = async (
  store: EventStore,
  runner: Runner,
  from: number,
  options: RebuildOptions & { projection: string },
): Promise<{ checkpoint: number; events: number; deadLettered: number }> => {
  const now = options.now ?? (() => performance.now());
  const batchSize = options.batchSize ?? 500;
  const head = await store.headPosition();
  const started = now();
  let checkpoint = from;
  let events = 0;
  let deadLettered = 0;
  for (;;) {
    const page = await store.readAll(checkpoint, batchSize);
    if (page.events.length === 0) break;
    const outcome = await runner.applyBatch(page.events);
    deadLettered += outcome.poisoned.length;
    events += page.events.length;
    checkpoint = page.checkpoint;
    const seconds = (now() - started) / 1000;
    const rate = seconds > 0 ? events / seconds : 0;
    options.onProgress?.({
      projection: options.projection,
      position: checkpoint,
      head: Math.max(head, checkpoint),
      eventsPerSecond: rate,
      etaSeconds: rate > 0 ? Math.max(0, head - checkpoint) / rate : null,
    });
  }
  return { checkpoint, events, deadLettered };
};

/**
 * Rebuilds one read model from the whole event store into a new collection while the
 * live one keeps serving, then swaps it in. Holds the read model in memory meanwhile: one
 * document per case. Events the live projector applied to the old
 * collection during the swap are replayed from the store afterwards; the version guard
 * makes the projector's own later deliveries of them no-ops.
 */
export const rebuildProjection = (
  store: EventStore,
  readModels: ReadModelStore,
  projection: Projection<ReadModelDocument>,
  options: RebuildOptions = {},
): Promise<RebuildResult> => rebuildReadModel(store, readModels, projectionTarget(projection), options);

/** `rebuildProjection` for any rebuild target (the access log's included). */
export const rebuildReadModel = async (
  store: EventStore,
  readModels: ReadModelStore,
  target: RebuildTarget,
  options: RebuildOptions = {},
): Promise<RebuildResult> => {
  const started = (options.now ?? (() => performance.now()))();
  const building = `${target.collection}__rebuild`;
  await readModels.drop(building);
  // Nothing else writes the collection being built, so it is folded in memory and written once:
  // reading each document back per batch is what makes rebuilds slow on FerretDB.
  const memory = new InMemoryReadModelStore();
  const aside = target.runner(memory, building);
  const first = await replay(store, aside, 0, { ...options, projection: target.collection });
  await target.prepare?.(readModels, building);
  await readModels.collection(building).insertMany(await memory.collection(building).find({}));
  await readModels.swap(building, target.collection);
  const live = target.runner(readModels, target.collection);
  const catchUp = await replay(store, live, first.checkpoint, {
    ...options,
    projection: target.collection,
  });
  return {
    projection: target.collection,
    events: first.events + catchUp.events,
    seconds: ((options.now ?? (() => performance.now()))() - started) / 1000,
    deadLettered: first.deadLettered + catchUp.deadLettered,
  };
};
