import type { WrappedKey } from './key-management.port';
import type { ErasureRecord, MergeRecord } from './protection.port';
import {
  UnknownErasureError,
  type ErasureChanges,
  type KeyDoc,
  type ProtectionStore,
  type RotationMarker,
} from './protection-store.port';

export interface IndexEntry {
  readonly entry: string;
  readonly clientId: string;
}

export type StoreFile = 'keys' | 'index' | 'erasures' | 'rotation' | 'merges';

/** Everything in maps. The file store persists these maps; alone it serves unit tests. */
export class MemoryProtectionStore implements ProtectionStore {
  protected readonly keys = new Map<string, KeyDoc>();
  /** Keyed `<entry>|<clientId>`, as the MongoDB store's `_id`. */
  protected readonly index = new Map<string, IndexEntry>();
  protected readonly erasures = new Map<string, ErasureRecord>();
  protected rotation: RotationMarker | null = null;
  protected readonly merges = new Map<string, MergeRecord>();

  /** One record was added or changed. */
  protected recorded(_file: StoreFile, _record: unknown): void {}
  /** Records were removed or superseded: the file must no longer hold their bytes. */
  protected rewritten(_file: StoreFile): void {}

  getKey(kid: string): Promise<KeyDoc | null> {
    return Promise.resolve(structuredClone(this.keys.get(kid) ?? null));
  }

  createKey(doc: KeyDoc): Promise<KeyDoc> {
    const existing = this.keys.get(doc.kid);
    if (existing) return Promise.resolve(structuredClone(existing));
    this.putKey(structuredClone(doc));
    return Promise.resolve(structuredClone(doc));
  }

  addCase(kid: string, caseId: string): Promise<void> {
    const doc = this.keys.get(kid);
    if (doc && !doc.caseIds.includes(caseId)) this.putKey({ ...doc, caseIds: [...doc.caseIds, caseId] });
    return Promise.resolve();
  }

  rewrapKey(kid: string, fromKek: string, wrapped: WrappedKey): Promise<boolean> {
    const doc = this.keys.get(kid);
    if (!doc || doc.status !== 'active' || doc.kek !== fromKek) return Promise.resolve(false);
    this.putKey({ ...doc, kek: wrapped.kek, wrapped: structuredClone(wrapped) });
    return Promise.resolve(true);
  }

  destroyKey(kid: string, at: string): Promise<void> {
    const doc = this.keys.get(kid);
    if (doc && (doc.status !== 'erased' || doc.wrapped !== null)) {
      this.keys.set(kid, {
        ...doc,
        status: 'erased',
        erasedAt: doc.erasedAt ?? at,
        kek: null,
        wrapped: null,
      });
      this.rewritten('keys');
    }
    return Promise.resolve();
  }

  keyIds(): Promise<readonly string[]> {
    return Promise.resolve([...this.keys.keys()]);
  }

  addIndexEntries(clientId: string, entries: readonly string[]): Promise<void> {
    for (const entry of entries) {
      const id = `${entry}|${clientId}`;
      if (this.index.has(id)) continue;
      const record = { entry, clientId };
      this.index.set(id, record);
      this.recorded('index', record);
    }
    return Promise.resolve();
  }

  findByEntry(entry: string): Promise<readonly string[]> {
    const found: string[] = [];
    for (const e of this.index.values()) if (e.entry === entry) found.push(e.clientId);
    return Promise.resolve(found);
  }

  removeIndexEntries(clientId: string): Promise<void> {
    let removed = false;
    for (const [id, e] of this.index)
      if (e.clientId === clientId) {
        this.index.delete(id);
        removed = true;
      }
    if (removed) this.rewritten('index');
    return Promise.resolve();
  }

  insertErasure(record: ErasureRecord): Promise<ErasureRecord> {
    const existing = this.erasures.get(record.clientId);
    if (existing) return Promise.resolve(structuredClone(existing));
    this.putErasure(structuredClone(record));
    return Promise.resolve(structuredClone(record));
  }

  getErasure(clientId: string): Promise<ErasureRecord | null> {
    return Promise.resolve(structuredClone(this.erasures.get(clientId) ?? null));
  }

  updateErasure(clientId: string, changes: ErasureChanges): Promise<ErasureRecord> {
    const existing = this.erasures.get(clientId);
    if (!existing) return Promise.reject(new UnknownErasureError(clientId));
    const next = { ...existing, ...changes };
    this.putErasure(next);
    return Promise.resolve(structuredClone(next));
  }

  runningErasures(): Promise<readonly ErasureRecord[]> {
    return Promise.resolve(
      structuredClone([...this.erasures.values()].filter((r) => r.status === 'running')),
    );
  }

  insertMerge(record: MergeRecord): Promise<MergeRecord> {
    const existing = this.merges.get(record.duplicateClientId);
    if (existing) return Promise.resolve(structuredClone(existing));
    const stored = structuredClone(record);
    this.merges.set(record.duplicateClientId, stored);
    this.recorded('merges', stored);
    return Promise.resolve(structuredClone(stored));
  }

  getMerge(duplicateClientId: string): Promise<MergeRecord | null> {
    return Promise.resolve(structuredClone(this.merges.get(duplicateClientId) ?? null));
  }

  mergesInto(survivorClientId: string): Promise<readonly MergeRecord[]> {
    return Promise.resolve(
      structuredClone([...this.merges.values()].filter((m) => m.survivorClientId === survivorClientId)),
    );
  }

  getRotation(): Promise<RotationMarker | null> {
    return Promise.resolve(structuredClone(this.rotation));
  }

  putRotation(marker: RotationMarker): Promise<void> {
    this.rotation = structuredClone(marker);
    this.recorded('rotation', this.rotation);
    return Promise.resolve();
  }

  compact(): Promise<void> {
    this.rewritten('keys');
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private putKey(doc: KeyDoc): void {
    this.keys.set(doc.kid, doc);
    this.recorded('keys', doc);
  }

  private putErasure(record: ErasureRecord): void {
    this.erasures.set(record.clientId, record);
    this.recorded('erasures', record);
  }
}
