import type { WrappedKey } from './key-management.port';
import type { ErasureRecord, MergeRecord } from './protection.port';

/**
 * One data key: a client's (`client/<clientId>`) or a system key (`system/...`, clientId null). An
 * erased doc keeps no wrapped key: the doc stays as the record that the key existed, and for whom,
 * and which cases it sealed.
 */
export interface KeyDoc {
  readonly kid: string;
  readonly clientId: string | null;
  /** The `keyId` of the master key that wrapped it; null once erased. */
  readonly kek: string | null;
  readonly wrapped: WrappedKey | null;
  readonly createdAt: string;
  readonly caseIds: readonly string[];
  readonly status: 'active' | 'erased';
  readonly erasedAt: string | null;
}

/** A master-key rotation in progress (running) or finished (done). */
export interface RotationMarker {
  readonly status: 'running' | 'done';
  readonly from: string;
  readonly to: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

export type ErasureChanges = Partial<Pick<ErasureRecord, 'status' | 'destroyedAt' | 'completedAt'>>;

/**
 * Where wrapped keys, blind-index entries, erasure records and the rotation marker are kept. Every
 * operation touches one record by its id (FerretDB has no transactions and pushes down only equality);
 * the protection facade orders them so that a crash between two leaves a state a rerun finishes.
 */
export interface ProtectionStore {
  getKey(kid: string): Promise<KeyDoc | null>;
  /** Stores a new key unless one exists for `kid`; answers the one stored (the first writer's). */
  createKey(doc: KeyDoc): Promise<KeyDoc>;
  /** Idempotent. */
  addCase(kid: string, caseId: string): Promise<void>;
  /** Replaces the wrapped key only while it is active and still wrapped by `fromKek`; false otherwise. */
  rewrapKey(kid: string, fromKek: string, wrapped: WrappedKey): Promise<boolean>;
  /** Marks the key erased and drops its wrapped bytes (from disk too, where the store is files). Idempotent. */
  destroyKey(kid: string, at: string): Promise<void>;
  /** Every key id, client and system. */
  keyIds(): Promise<readonly string[]>;

  /** Idempotent. Entries are blind-index HMACs (`name:<mac>`, `dob:<mac>`), never plaintext. */
  addIndexEntries(clientId: string, entries: readonly string[]): Promise<void>;
  /** The clients one entry points to. */
  findByEntry(entry: string): Promise<readonly string[]>;
  /** Drops every entry of the client (from disk too, where the store is files). Idempotent. */
  removeIndexEntries(clientId: string): Promise<void>;

  /** Stores the record unless one exists for its client; answers the one stored. */
  insertErasure(record: ErasureRecord): Promise<ErasureRecord>;
  getErasure(clientId: string): Promise<ErasureRecord | null>;
  updateErasure(clientId: string, changes: ErasureChanges): Promise<ErasureRecord>;
  runningErasures(): Promise<readonly ErasureRecord[]>;

  /** Stores the record unless one exists for its duplicate; answers the one stored (the first writer's). */
  insertMerge(record: MergeRecord): Promise<MergeRecord>;
  /** The merge of a duplicate client, by its id; null for a client never merged into another. */
  getMerge(duplicateClientId: string): Promise<MergeRecord | null>;
  /** The merges into one survivor, oldest first. */
  mergesInto(survivorClientId: string): Promise<readonly MergeRecord[]>;

  getRotation(): Promise<RotationMarker | null>;
  putRotation(marker: RotationMarker): Promise<void>;
  /** After a rotation: drops superseded copies of wrapped keys where the store keeps history (files). */
  compact(): Promise<void>;
  close(): Promise<void>;
}

export class UnknownErasureError extends Error {
  constructor(readonly clientId: string) {
    super(`No erasure has begun for client ${clientId}`);
    this.name = 'UnknownErasureError';
  }
}
