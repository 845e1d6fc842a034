import { createHmac, randomBytes } from 'node:crypto';
import type { EventStore, EventToAppend } from '@casetrail/event-store';
import {
  ClientErasedError,
  indexEntries,
  isLikelyMatch,
  isSealed,
  matchEntries,
  normaliseForIndex,
  probeEntries,
  pseudonymsFor,
  openSealed,
  seal as sealPii,
  type ClientIdentity,
  type ClientMatch,
  type ClientQuery,
  type ErasureRecord,
  type MergeRecord,
  type LikelyDuplicate,
  type MatchKind,
  type OpenedPii,
  type Protection,
  type SealedPii,
} from '@casetrail/protection';

const SYSTEM_RECORDS = 'system/records';

/** What a test may ask of the fake beyond the port: to make a step fail, and what it holds. */
export interface FakeProtection extends Protection {
  /** The next `count` appends of a case event fail before reaching the store (a crash midway). */
  failAppends(count: number): void;
  /** Whether the client's data key still exists. */
  hasKey(clientId: string): boolean;
  /** How many blind-index entries name the client. */
  indexEntries(clientId: string): number;
}

/** As the real blind index normalises: the same function. */
const normalise = normaliseForIndex;

/**
 * The protection port in memory, for the API's fast tests: real AES-256-GCM under a random key
 * per client, so what the journal holds is ciphertext and an erased client's data truly stops
 * opening; the blind index keeps normalised strings (the real one keeps HMACs of them).
 */
export const fakeProtection = (): FakeProtection => {
  const keys = new Map<string, Buffer>([[SYSTEM_RECORDS, randomBytes(32)]]);
  const cases = new Map<string, string[]>();
  const index = new Map<string, { names: Set<string>; dobs: Set<string> }>();
  const erasures = new Map<string, ErasureRecord>();
  const merges = new Map<string, MergeRecord>();
  const survivor = (clientId: string) => merges.get(clientId)?.survivorClientId ?? clientId;
  /** As the real one: a survivor's cases with its duplicates', a duplicate's id answering its survivor. */
  const casesOf = (clientId: string): string[] | null => {
    const own = cases.get(clientId);
    if (own === undefined) return null;
    const all = [...own];
    for (const m of merges.values())
      if (m.survivorClientId === clientId)
        for (const caseId of cases.get(m.duplicateClientId) ?? [])
          if (!all.includes(caseId)) all.push(caseId);
    return all;
  };
  const bySurvivor = <M extends ClientMatch>(found: readonly M[]): M[] => {
    const result = new Map<string, M>();
    for (const match of found) {
      const id = survivor(match.clientId);
      if (!result.has(id)) result.set(id, { ...match, clientId: id, caseIds: casesOf(id) ?? [] });
    }
    return [...result.values()];
  };
  // The matching entries are the real ones (HMACs under a key of this fake): matching is the point.
  const matchKey = randomBytes(32);
  const matching = new Map<string, Set<string>>();
  const anchorKey = randomBytes(32);
  const pseudonymKey = randomBytes(32);
  let failing = 0;
  const partnerKey = (partnerId: string): Buffer => {
    const kid = `partner/${partnerId}`;
    const key = keys.get(kid) ?? randomBytes(32);
    keys.set(kid, key);
    return key;
  };

  // The real cipher, over keys kept in memory.
  const seal = (pii: unknown, eventId: string, kid: string): SealedPii => {
    const key = keys.get(kid);
    if (key === undefined) throw new ClientErasedError(kid.slice('client/'.length));
    return sealPii(pii, eventId, kid, key);
  };

  const open = <T>(eventId: string, pii: unknown): Promise<OpenedPii<T>> => {
    if (!isSealed(pii)) return Promise.resolve({ status: 'present', pii: pii as T });
    const key = keys.get(pii.kid);
    if (key === undefined) return Promise.resolve({ status: 'erased' });
    return Promise.resolve({ status: 'present', pii: openSealed(pii, eventId, key) as T });
  };

  const sealEvent = (streamId: string, event: EventToAppend) => {
    const { dataSubject, ...rest } = event;
    // Erasure receipts are sealed under the system key: they outlive the client's.
    if (streamId.startsWith('access-') || rest.type === 'ClientDataErased')
      return { ...rest, pii: seal(rest.pii, rest.eventId, SYSTEM_RECORDS) };
    if (dataSubject === undefined) throw new RangeError(`An event of case ${streamId} names no data subject`);
    return { ...rest, pii: seal(rest.pii, rest.eventId, `client/${dataSubject}`) };
  };

  const record = (clientId: string): ErasureRecord => {
    const found = erasures.get(clientId);
    if (found === undefined) throw new Error(`No erasure of ${clientId} has begun`);
    return found;
  };

  return {
    opener: { open },
    sealing: (store: EventStore): EventStore => ({
      append: async (streamId, expectedVersion, events) => {
        if (!streamId.startsWith('access-') && failing > 0) {
          failing -= 1;
          throw new Error('Simulated crash before the append');
        }
        return store.append(
          streamId,
          expectedVersion,
          events.map((event) => sealEvent(streamId, event)),
        );
      },
      readStream: (streamId, fromVersion) => store.readStream(streamId, fromVersion),
      readAll: (after, limit) => store.readAll(after, limit),
      headPosition: () => store.headPosition(),
      get holesPassed() {
        return store.holesPassed;
      },
      close: () => store.close(),
    }),
    prepareClient: (clientId: string, caseId: string, identity: ClientIdentity) => {
      // As the real one: an erasure under way fixed the cases it covers, a new one would escape it.
      if (erasures.has(clientId)) return Promise.reject(new ClientErasedError(clientId));
      const kid = `client/${clientId}`;
      if (!keys.has(kid)) keys.set(kid, randomBytes(32));
      const registered = cases.get(clientId) ?? [];
      if (!registered.includes(caseId)) cases.set(clientId, [...registered, caseId]);
      const entries = index.get(clientId) ?? { names: new Set<string>(), dobs: new Set<string>() };
      entries.names.add(`${normalise(identity.givenName)} ${normalise(identity.familyName)}`);
      if (identity.dateOfBirth !== null) entries.dobs.add(identity.dateOfBirth);
      index.set(clientId, entries);
      const matched = matching.get(clientId) ?? new Set<string>();
      for (const entry of [...indexEntries(matchKey, identity), ...matchEntries(matchKey, identity)])
        matched.add(entry);
      matching.set(clientId, matched);
      return Promise.resolve();
    },
    findLikelyDuplicates: (identity: ClientIdentity): Promise<readonly LikelyDuplicate[]> => {
      const result: LikelyDuplicate[] = [];
      for (const [clientId, entries] of [...matching].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (!keys.has(`client/${clientId}`)) continue;
        const kinds = new Set<MatchKind>(
          probeEntries(matchKey, identity)
            .filter((p) => entries.has(p.entry))
            .map((p) => p.kind),
        );
        if (isLikelyMatch(kinds))
          result.push({ clientId, caseIds: cases.get(clientId) ?? [], matched: [...kinds].sort() });
      }
      return Promise.resolve(bySurvivor(result));
    },
    findClients: (query: ClientQuery): Promise<readonly ClientMatch[]> => {
      const name =
        query.givenName !== undefined && query.familyName !== undefined
          ? `${normalise(query.givenName)} ${normalise(query.familyName)}`
          : undefined;
      const matches = [...index.entries()]
        .filter(
          ([, entries]) =>
            (name === undefined || entries.names.has(name)) &&
            (query.dateOfBirth === undefined || entries.dobs.has(query.dateOfBirth)) &&
            (name !== undefined || query.dateOfBirth !== undefined),
        )
        .map(([clientId]) => ({ clientId, caseIds: cases.get(clientId) ?? [] }));
      return Promise.resolve(bySurvivor(matches));
    },
    clientCases: (clientId: string) => Promise.resolve(casesOf(survivor(clientId))),
    resolveClient: (clientId: string) => Promise.resolve(survivor(clientId)),
    merges: {
      record: (merge: MergeRecord) => {
        const found = merges.get(merge.duplicateClientId);
        if (found !== undefined) return Promise.resolve(found);
        merges.set(merge.duplicateClientId, merge);
        return Promise.resolve(merge);
      },
      get: (duplicateClientId: string) => Promise.resolve(merges.get(duplicateClientId) ?? null),
      into: (survivorClientId: string) =>
        Promise.resolve([...merges.values()].filter((m) => m.survivorClientId === survivorClientId)),
    },
    erasures: {
      begin: (begun) => {
        const found = erasures.get(begun.clientId);
        if (found !== undefined) return Promise.resolve(found);
        const created: ErasureRecord = {
          ...begun,
          status: 'running',
          destroyedAt: null,
          completedAt: null,
        };
        erasures.set(begun.clientId, created);
        return Promise.resolve(created);
      },
      destroy: (clientId, at) => {
        const found = record(clientId);
        keys.delete(`client/${clientId}`);
        index.delete(clientId);
        matching.delete(clientId);
        const destroyed = found.destroyedAt === null ? { ...found, destroyedAt: at } : found;
        erasures.set(clientId, destroyed);
        return Promise.resolve(destroyed);
      },
      complete: (clientId, at) => {
        const found = record(clientId);
        const done = found.status === 'done' ? found : { ...found, status: 'done' as const, completedAt: at };
        erasures.set(clientId, done);
        return Promise.resolve(done);
      },
      get: (clientId) => Promise.resolve(erasures.get(clientId) ?? null),
      pending: () => Promise.resolve([...erasures.values()].filter((e) => e.status === 'running')),
    },
    anchorMac: (bytes) => createHmac('sha256', anchorKey).update(bytes).digest(),
    pseudonyms: (scope) => pseudonymsFor(pseudonymKey, scope),
    sealForPartner: (partnerId, messageId, plaintext) =>
      Promise.resolve(sealPii(plaintext, messageId, `partner/${partnerId}`, partnerKey(partnerId))),
    partnerFeedKey: (partnerId) =>
      Promise.resolve({ kid: `partner/${partnerId}`, key: Buffer.from(partnerKey(partnerId)) }),
    close: () => Promise.resolve(),
    failAppends: (count) => {
      failing = count;
    },
    hasKey: (clientId) => keys.has(`client/${clientId}`),
    indexEntries: (clientId) => {
      const entries = index.get(clientId);
      return entries === undefined ? 0 : entries.names.size + entries.dobs.size;
    },
  };
};
