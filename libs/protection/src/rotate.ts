import type { KeyManagement } from './key-management.port';
import type { ProtectionStore } from './protection-store.port';

export interface RotationResult {
  readonly rewrapped: number;
  /** Keys already under the new master key (a resumed run) or erased (nothing left to wrap). */
  readonly skipped: number;
}

export class RotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RotationError';
  }
}

/**
 * Re-wraps every data key (client and system) under `to`, one key document at a time, and never reads
 * or writes an event: events are sealed by data keys, which do not change. A marker (running, then done)
 * makes a crash visible: the apps refuse to start while it runs, and a rerun with the same two keys
 * skips what is already under `to` and goes on.
 */
export const rotateMasterKey = async (options: {
  readonly store: ProtectionStore;
  readonly from: KeyManagement;
  readonly to: KeyManagement;
  readonly now?: () => Date;
}): Promise<RotationResult> => {
  const { store, from, to } = options;
  const now = options.now ?? (() => new Date());
  if (from.keyId === to.keyId)
    throw new RotationError(`The new master key is the current one (${from.keyId})`);
  const marker = await store.getRotation();
  if (marker?.status === 'running' && (marker.from !== from.keyId || marker.to !== to.keyId))
    throw new RotationError(
      `A rotation from ${marker.from} to ${marker.to} is incomplete: rerun it with those keys (given ${from.keyId} to ${to.keyId})`,
    );
  const startedAt = marker?.status === 'running' ? marker.startedAt : now().toISOString();
  await store.putRotation({ status: 'running', from: from.keyId, to: to.keyId, startedAt, finishedAt: null });

  let rewrapped = 0;
  let skipped = 0;
  for (const kid of await store.keyIds()) {
    const doc = await store.getKey(kid);
    if (!doc?.wrapped || doc.status === 'erased' || doc.wrapped.kek === to.keyId) {
      skipped += 1;
      continue;
    }
    if (doc.wrapped.kek !== from.keyId)
      throw new RotationError(
        `Key ${kid} is wrapped by ${doc.wrapped.kek}, neither the current master key ${from.keyId} nor the new ${to.keyId}`,
      );
    const key = await from.unwrap(doc.wrapped, kid);
    const wrapped = await to.wrap(key, kid);
    key.fill(0);
    // False when an erasure destroyed the key meanwhile: nothing left to wrap.
    if (await store.rewrapKey(kid, from.keyId, wrapped)) rewrapped += 1;
    else skipped += 1;
  }
  await store.compact();
  await store.putRotation({
    status: 'done',
    from: from.keyId,
    to: to.keyId,
    startedAt,
    finishedAt: now().toISOString(),
  });
  return { rewrapped, skipped };
};
