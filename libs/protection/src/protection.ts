import { createHmac, randomBytes } from 'node:crypto';
import { isCaseStream } from '@casetrail/domain';
import type { AppendResult, EventStore, EventToAppend } from '@casetrail/event-store';
import { indexEntries, queryEntries } from './blind-index';
import { isLikelyMatch, matchEntries, probeEntries, type MatchKind } from './matching';
import { KeyUnwrapError, type KeyManagement } from './key-management.port';
import { openSealed, seal, SealedDataDamagedError } from './pii-cipher';
import {
  ClientErasedError,
  type ClientIdentity,
  type ClientMatch,
  type ClientQuery,
  type ErasureRecord,
  type LikelyDuplicate,
  type MergeRecord,
  type Protection,
} from './protection.port';
import { UnknownErasureError, type KeyDoc, type ProtectionStore } from './protection-store.port';
import { pseudonymsFor } from './pseudonyms';
import { isSealed, type OpenedPii, type PiiOpener, type SealedPii } from './sealed';

export const RECORDS_KID = 'system/records';
export const BLIND_INDEX_KID = 'system/blind-index';
export const ANCHOR_KID = 'system/anchor';
export const PSEUDONYM_KID = 'system/pseudonym';
const SYSTEM_KIDS = [RECORDS_KID, BLIND_INDEX_KID, ANCHOR_KID, PSEUDONYM_KID] as const;
/**
 * Case events recorded about no client's data: the erasure receipt, appended after the client's key
 * is destroyed (its pii is empty, and sealed under the records key like every other event's).
 */
const SYSTEM_SEALED_TYPES: ReadonlySet<string> = new Set(['ClientDataErased']);

export const clientKid = (clientId: string): string => `client/${clientId}`;
export const partnerKid = (partnerId: string): string => `partner/${partnerId}`;

/** The store's keys were wrapped by another master key than the one this process was given. */
export class MasterKeyMismatchError extends Error {
  constructor(
    readonly keyId: string,
    readonly kek: string,
    hint = '',
  ) {
    super(
      `the master key ${keyId} does not open the keys in this store (wrapped by ${kek}): wrong or lost master key${hint}`,
    );
    this.name = 'MasterKeyMismatchError';
  }
}

export class RotationIncompleteError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(
      `Master-key rotation incomplete (from ${from} to ${to}), rerun rotate-master-key with the same keys before starting`,
    );
    this.name = 'RotationIncompleteError';
  }
}

/** An append on a case stream for a client whose data key was never made (prepareClient first). */
export class UnknownClientKeyError extends Error {
  constructor(readonly clientId: string) {
    super(`Client ${clientId} has no data key: prepareClient must run before their case's first event`);
    this.name = 'UnknownClientKeyError';
  }
}

export interface ProtectionOptions {
  readonly store: ProtectionStore;
  readonly kms: KeyManagement;
  readonly cache?: { readonly maxKeys?: number; readonly ttlMs?: number };
  /** For tests: the cache's clock (ms) and the instant stamped on new keys. */
  readonly now?: () => number;
}

type Cached = Buffer | 'erased';

/**
 * Least recently used first, each entry for `ttlMs` at most: another process's erasure destroys the key
 * in the store, and this process stops opening that client's data once its copy expires.
 */
class KeyCache {
  private readonly entries = new Map<string, { value: Cached; expiresAt: number }>();

  constructor(
    private readonly maxKeys: number,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  get(kid: string): Cached | undefined {
    const entry = this.entries.get(kid);
    if (!entry) return undefined;
    this.entries.delete(kid);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(kid, entry);
    return entry.value;
  }

  set(kid: string, value: Cached): void {
    this.entries.delete(kid);
    if (this.maxKeys <= 0) return;
    this.entries.set(kid, { value, expiresAt: this.now() + this.ttlMs });
    while (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(kid: string): void {
    this.entries.delete(kid);
  }

  clear(): void {
    this.entries.clear();
  }
}

const newKeyDoc = (kid: string, clientId: string | null, wrapped: KeyDoc['wrapped'], at: string): KeyDoc => ({
  kid,
  clientId,
  kek: wrapped?.kek ?? null,
  wrapped,
  createdAt: at,
  caseIds: [],
  status: 'active',
  erasedAt: null,
});

const mismatchHint = async (store: ProtectionStore, keyId: string): Promise<string> => {
  const rotation = await store.getRotation();
  if (rotation?.status === 'done' && rotation.from === keyId)
    return `; the store was rotated from this key to ${rotation.to}: start with the new master key (embedded mode: rerun rotate-master-key to install it)`;
  return '';
};

export const openProtection = async (options: ProtectionOptions): Promise<Protection> => {
  const { store, kms } = options;
  const now = options.now ?? (() => Date.now());
  const iso = () => new Date(now()).toISOString();

  const rotation = await store.getRotation();
  if (rotation?.status === 'running') throw new RotationIncompleteError(rotation.from, rotation.to);

  const unwrap = async (doc: KeyDoc): Promise<Buffer> => {
    if (!doc.wrapped) throw new RangeError(`Key ${doc.kid} holds no wrapped key`);
    try {
      return await kms.unwrap(doc.wrapped, doc.kid);
    } catch (error) {
      if (error instanceof KeyUnwrapError)
        throw new MasterKeyMismatchError(kms.keyId, doc.wrapped.kek, await mismatchHint(store, kms.keyId));
      throw error;
    }
  };

  const system = new Map<string, Buffer>();
  for (const kid of SYSTEM_KIDS) {
    let doc = await store.getKey(kid);
    if (!doc) {
      const key = randomBytes(32);
      doc = await store.createKey(newKeyDoc(kid, null, await kms.wrap(key, kid), iso()));
    }
    system.set(kid, await unwrap(doc));
  }
  const systemKey = (kid: string): Buffer => {
    const key = system.get(kid);
    if (!key) throw new RangeError(`No system key ${kid}`);
    return key;
  };
  const indexKey = systemKey(BLIND_INDEX_KID);
  const anchorKey = systemKey(ANCHOR_KID);
  const pseudonymKey = systemKey(PSEUDONYM_KID);

  const cache = new KeyCache(options.cache?.maxKeys ?? 10_000, options.cache?.ttlMs ?? 60_000, now);
  const loading = new Map<string, Promise<Cached | null>>();

  /** A client's key, 'erased', or null when the store never had one; concurrent misses share one read. */
  const clientKey = (kid: string): Promise<Cached | null> => {
    const cached = cache.get(kid);
    if (cached !== undefined) return Promise.resolve(cached);
    const inFlight = loading.get(kid);
    if (inFlight) return inFlight;
    const load = (async () => {
      const doc = await store.getKey(kid);
      if (!doc) return null;
      const value: Cached = doc.status === 'erased' || !doc.wrapped ? 'erased' : await unwrap(doc);
      cache.set(kid, value);
      return value;
    })().finally(() => loading.delete(kid));
    loading.set(kid, load);
    return load;
  };

  const opener: PiiOpener = {
    async open<T>(eventId: string, pii: unknown): Promise<OpenedPii<T>> {
      if (!isSealed(pii)) return { status: 'present', pii: pii as T };
      let key: Cached | null;
      if (pii.kid === RECORDS_KID) key = systemKey(RECORDS_KID);
      else if (pii.kid.startsWith('client/')) key = await clientKey(pii.kid);
      else throw new SealedDataDamagedError(eventId, pii.kid);
      // A key the store does not know can open nothing, now or later: as good as destroyed.
      if (key === null || key === 'erased') return { status: 'erased' };
      return { status: 'present', pii: openSealed(pii, eventId, key) as T };
    },
  };

  const sealEvent = async (streamId: string, event: EventToAppend) => {
    const { dataSubject, ...rest } = event;
    if (
      // Access logs, vocabularies and programs' forms hold no client's data: under the system records key.
      !isCaseStream(streamId) ||
      (SYSTEM_SEALED_TYPES.has(rest.type) && dataSubject === undefined)
    )
      return { ...rest, pii: seal(rest.pii, rest.eventId, RECORDS_KID, systemKey(RECORDS_KID)) };
    if (dataSubject === undefined || dataSubject === '')
      throw new RangeError(`An event of case stream ${streamId} needs its dataSubject to be sealed`);
    const kid = clientKid(dataSubject);
    const key = await clientKey(kid);
    if (key === null) throw new UnknownClientKeyError(dataSubject);
    if (key === 'erased') throw new ClientErasedError(dataSubject);
    return { ...rest, pii: seal(rest.pii, rest.eventId, kid, key) };
  };

  const sealing = (inner: EventStore): EventStore => ({
    async append(streamId, expectedVersion, events): Promise<AppendResult> {
      const sealed: EventToAppend[] = [];
      for (const event of events) sealed.push(await sealEvent(streamId, event));
      return inner.append(streamId, expectedVersion, sealed);
    },
    readStream: (streamId, fromVersion) => inner.readStream(streamId, fromVersion),
    readAll: (after, limit) => inner.readAll(after, limit),
    headPosition: () => inner.headPosition(),
    get holesPassed() {
      return inner.holesPassed;
    },
    close: () => inner.close(),
  });

  const erasureOf = async (clientId: string): Promise<ErasureRecord> => {
    const record = await store.getErasure(clientId);
    if (!record) throw new UnknownErasureError(clientId);
    return record;
  };

  /**
   * Partner feed keys are never erased (they seal no one client's data), so a process keeps them
   * once unwrapped; concurrent first uses share one read, and `createKey` keeps the first writer's.
   */
  const partnerKeys = new Map<string, Promise<Buffer>>();
  const partnerKey = (partnerId: string): Promise<Buffer> => {
    const kid = partnerKid(partnerId);
    let key = partnerKeys.get(kid);
    if (!key) {
      key = (async () => {
        let doc = await store.getKey(kid);
        if (!doc)
          doc = await store.createKey(newKeyDoc(kid, null, await kms.wrap(randomBytes(32), kid), iso()));
        return unwrap(doc);
      })();
      key.catch(() => partnerKeys.delete(kid));
      partnerKeys.set(kid, key);
    }
    return key;
  };

  /** The survivor a merged duplicate stands for (merges are not chained: the API refuses that). */
  const resolveClient = async (clientId: string): Promise<string> =>
    (await store.getMerge(clientId))?.survivorClientId ?? clientId;

  /** A client's cases with those of every duplicate merged into it, in the order they were registered. */
  const casesOf = async (clientId: string, own: readonly string[]): Promise<string[]> => {
    const all = [...own];
    for (const merge of await store.mergesInto(clientId)) {
      const doc = await store.getKey(clientKid(merge.duplicateClientId));
      for (const caseId of doc?.caseIds ?? []) if (!all.includes(caseId)) all.push(caseId);
    }
    return all;
  };

  /** Matches of a merged duplicate answer its survivor, once, with all of the survivor's cases. */
  const survivorsOf = async <M extends ClientMatch>(
    found: ReadonlyArray<readonly [string, (match: ClientMatch) => M]>,
  ): Promise<M[]> => {
    const result = new Map<string, M>();
    for (const [clientId, make] of found) {
      const survivor = await resolveClient(clientId);
      if (result.has(survivor)) continue;
      const doc = await store.getKey(clientKid(survivor));
      if (doc?.status === 'active')
        result.set(survivor, make({ clientId: survivor, caseIds: await casesOf(survivor, doc.caseIds) }));
    }
    return [...result.values()].sort((a, b) =>
      a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0,
    );
  };

  return {
    opener,
    sealing,
    resolveClient,

    merges: {
      record: (record: MergeRecord) => store.insertMerge(record),
      get: (duplicateClientId: string) => store.getMerge(duplicateClientId),
      into: (survivorClientId: string) => store.mergesInto(survivorClientId),
    },

    async sealForPartner(partnerId: string, messageId: string, plaintext: unknown): Promise<SealedPii> {
      return seal(plaintext, messageId, partnerKid(partnerId), await partnerKey(partnerId));
    },

    async partnerFeedKey(partnerId: string): Promise<{ readonly kid: string; readonly key: Buffer }> {
      return { kid: partnerKid(partnerId), key: Buffer.from(await partnerKey(partnerId)) };
    },

    async prepareClient(clientId: string, caseId: string, identity: ClientIdentity): Promise<void> {
      // An erasure under way already fixed the cases it covers: a case added now would escape it.
      if (await store.getErasure(clientId)) throw new ClientErasedError(clientId);
      const kid = clientKid(clientId);
      let doc = await store.getKey(kid);
      if (!doc) {
        const key = randomBytes(32);
        doc = await store.createKey({
          ...newKeyDoc(kid, clientId, await kms.wrap(key, kid), iso()),
          caseIds: [caseId],
        });
      }
      if (doc.status === 'erased') throw new ClientErasedError(clientId);
      if (!doc.caseIds.includes(caseId)) await store.addCase(kid, caseId);
      await store.addIndexEntries(clientId, [
        ...indexEntries(indexKey, identity),
        ...matchEntries(indexKey, identity),
      ]);
    },

    async findLikelyDuplicates(identity: ClientIdentity): Promise<readonly LikelyDuplicate[]> {
      const kinds = new Map<string, Set<MatchKind>>();
      for (const { entry, kind } of probeEntries(indexKey, identity))
        for (const clientId of await store.findByEntry(entry))
          kinds.set(clientId, (kinds.get(clientId) ?? new Set()).add(kind));
      return survivorsOf(
        [...kinds]
          .filter(([, matched]) => isLikelyMatch(matched))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([clientId, matched]) => [
            clientId,
            (m: ClientMatch) => ({ ...m, matched: [...matched].sort() }),
          ]),
      );
    },

    async findClients(query: ClientQuery): Promise<readonly ClientMatch[]> {
      let matches: Set<string> | null = null;
      for (const entry of queryEntries(indexKey, query)) {
        const found: readonly string[] = await store.findByEntry(entry);
        matches = new Set(matches === null ? found : found.filter((id) => matches?.has(id)));
      }
      return survivorsOf([...(matches ?? [])].sort().map((clientId) => [clientId, (m: ClientMatch) => m]));
    },

    async clientCases(clientId: string): Promise<readonly string[] | null> {
      const survivor = await resolveClient(clientId);
      const doc = await store.getKey(clientKid(survivor));
      return doc ? casesOf(survivor, doc.caseIds) : null;
    },

    erasures: {
      begin: (record) =>
        store.insertErasure({ ...record, status: 'running', destroyedAt: null, completedAt: null }),
      async destroy(clientId: string, at: string): Promise<ErasureRecord> {
        const record = await erasureOf(clientId);
        const kid = clientKid(clientId);
        // The key first: once it is gone nothing opens, whatever a crash leaves of the rest.
        await store.destroyKey(kid, at);
        cache.delete(kid);
        await store.removeIndexEntries(clientId);
        if (record.destroyedAt !== null) return record;
        return store.updateErasure(clientId, { destroyedAt: at });
      },
      async complete(clientId: string, at: string): Promise<ErasureRecord> {
        const record = await erasureOf(clientId);
        if (record.status === 'done') return record;
        if (record.destroyedAt === null)
          throw new RangeError(
            `The erasure of client ${clientId} cannot complete before its key is destroyed`,
          );
        return store.updateErasure(clientId, { status: 'done', completedAt: at });
      },
      get: (clientId) => store.getErasure(clientId),
      pending: () => store.runningErasures(),
    },

    anchorMac: (bytes: Buffer): Buffer => createHmac('sha256', anchorKey).update(bytes).digest(),

    pseudonyms: (scope: string) => pseudonymsFor(pseudonymKey, scope),

    async close(): Promise<void> {
      cache.clear();
      for (const key of system.values()) key.fill(0);
      for (const key of partnerKeys.values())
        void key.then(
          (k) => k.fill(0),
          () => undefined,
        );
      partnerKeys.clear();
      system.clear();
      await store.close();
    },
  };
};
