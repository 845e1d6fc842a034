import type { EventStore, StoredEvent } from '@casetrail/event-store';
import { ProjectionRunner, type Projection, type StreamSource } from './projection';
import { indexesOf } from './store/read-model-indexes';
import { WriteBackReadModelStore } from './store/write-back-read-model-store';
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
  /** `history`: the event store, where a refolding projection reads a stream to fold it anew. */
  runner(
    readModels: ReadModelStore,
    collection: string,
    history?: StreamSource,
  ): { applyBatch(events: readonly StoredEvent[]): Promise<{ readonly poisoned: readonly unknown[] }> };
}

/** A case projection as a rebuild target. */
export const projectionTarget = (projection: Projection<ReadModelDocument>): RebuildTarget => ({
  collection: projection.collection,
  prepare: async (readModels, collection) => {
    const docs = readModels.collection(collection);
    for (const field of indexesOf(projection.collection)) await docs.ensureIndex(field as never);
  },
  runner: (readModels, collection, history) =>
    new ProjectionRunner(projection, readModels, collection, history ? { history } : {}),
});

type Runner = ReturnType<RebuildTarget['runner']>;

/** Documents a rebuild keeps in memory per read model unless told otherwise. */
export const REBUILD_CACHE_DOCUMENTS = 5_000;

const replay = async (
  store: EventStore,
  runners: readonly Runner[],
  from: number,
  options: RebuildOptions & { projection: string },
): Promise<{ checkpoint: number; events: number; deadLettered: number[] }> => {
  const now = options.now ?? (() => performance.now());
  const batchSize = options.batchSize ?? 500;
  // The head is only for progress (ETA): on a store whose head costs a walk of the log, a rebuild
  // nobody watches does not pay it.
  const head = options.onProgress ? await store.headPosition() : 0;
  const started = now();
  let checkpoint = from;
  let events = 0;
  const deadLettered = runners.map(() => 0);
  // One read of the log for every read model, and the next page read while this one is applied:
  // reading the log is most of a rebuild's cost. Memory holds two batches.
  let next = store.readAll(checkpoint, batchSize);
  for (;;) {
    const page = await next;
    if (page.events.length === 0) break;
    next = store.readAll(page.checkpoint, batchSize);
    // Should applying fail, the read ahead must not end the process as an unhandled rejection.
    next.catch(() => undefined);
    for (const [i, runner] of runners.entries()) {
      const outcome = await runner.applyBatch(page.events);
      deadLettered[i]! += outcome.poisoned.length;
    }
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

export interface StreamedRebuildOptions extends RebuildOptions {
  /** Documents each read model keeps in memory while it is built (REBUILD_CACHE_DOCUMENTS). */
  readonly cacheDocuments?: number;
  /** Called with the write-back cache once the first pass has read the log, before its last flush (tests, benchmarks). */
  readonly onBuilt?: (cache: WriteBackReadModelStore, collections: readonly string[]) => void;
}

/**
 * Rebuilds one read model from the whole event store into a new collection while the
 * live one keeps serving, then swaps it in. Events the live projector applied to the old
 * collection during the swap are replayed from the store afterwards; the version guard
 * makes the projector's own later deliveries of them no-ops.
 */
export const rebuildProjection = (
  store: EventStore,
  readModels: ReadModelStore,
  projection: Projection<ReadModelDocument>,
  options: StreamedRebuildOptions = {},
): Promise<RebuildResult> => rebuildReadModel(store, readModels, projectionTarget(projection), options);

/** `rebuildProjection` for any rebuild target (the access log's included). */
export const rebuildReadModel = async (
  store: EventStore,
  readModels: ReadModelStore,
  target: RebuildTarget,
  options: StreamedRebuildOptions = {},
): Promise<RebuildResult> => (await rebuildReadModels(store, readModels, [target], options))[0]!;

/**
 * Rebuilds read models in one pass over the log, streamed: the log is read a batch at a time,
 * each batch goes through each target's own runner (the projector's rules), which reads and
 * writes through a bounded write-back cache over the collection being built. Nothing else
 * writes that collection, so a document is read from the database only when it was evicted
 * and comes back, and written in bulk when it is evicted or at the end: memory is bounded by
 * the cache and one batch, not by the number of cases. The built collections are swapped in
 * together, then what the live projector saw meanwhile is replayed into them.
 */
export const rebuildReadModels = async (
  store: EventStore,
  readModels: ReadModelStore,
  targets: readonly RebuildTarget[],
  options: StreamedRebuildOptions = {},
): Promise<RebuildResult[]> => {
  const clock = options.now ?? (() => performance.now());
  const started = clock();
  const label = targets.map((t) => t.collection).join(', ');
  const building = targets.map((t) => `${t.collection}__rebuild`);
  for (const [i, target] of targets.entries()) {
    await readModels.drop(building[i]!);
    await target.prepare?.(readModels, building[i]!);
  }
  const cache = new WriteBackReadModelStore(readModels, {
    maxDocuments: options.cacheDocuments ?? REBUILD_CACHE_DOCUMENTS,
    startsEmpty: true,
  });
  const aside = targets.map((target, i) => target.runner(cache, building[i]!, store));
  const first = await replay(store, aside, 0, { ...options, projection: label });
  options.onBuilt?.(cache, building);
  await cache.flush();
  for (const [i, target] of targets.entries()) await readModels.swap(building[i]!, target.collection);
  const live = targets.map((target) => target.runner(readModels, target.collection, store));
  const catchUp = await replay(store, live, first.checkpoint, { ...options, projection: label });
  const seconds = (clock() - started) / 1000;
  return targets.map((target, i) => ({
    projection: target.collection,
    events: first.events + catchUp.events,
    seconds,
    deadLettered: first.deadLettered[i]! + catchUp.deadLettered[i]!,
  }));
};
