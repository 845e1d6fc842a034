/** Every read-model document records the stream version it reflects: redelivery can then be ignored. */
export interface ReadModelDocument {
  readonly _id: string;
  readonly version: number;
}

/** An array field matches a value it holds, as MongoDB's equality does (a case's past holders). */
type FilterValue<V> = V extends readonly (infer E)[] ? V | E : V;
export type Filter<D> = { readonly [K in keyof D]?: FilterValue<D[K]> };

export interface VersionedWrite<D> {
  readonly doc: D;
  /** The version the writer read (null: absent); the write only lands if it is still that. */
  readonly previousVersion: number | null;
}

export interface ReadModelCollection<D extends ReadModelDocument> {
  get(id: string): Promise<D | null>;
  getMany(ids: readonly string[]): Promise<D[]>;
  /**
   * Writes `doc` if the stored document is still at `previousVersion` (null: absent).
   * Returns false when another writer got there first; nothing is written then.
   */
  put(doc: D, previousVersion: number | null): Promise<boolean>;
  /** Many guarded writes in one round trip; returns the ids whose guard failed (nothing written for them). */
  putMany(writes: readonly VersionedWrite<D>[]): Promise<string[]>;
  /** Inserts documents into a collection no one else writes (a rebuild's). */
  insertMany(docs: readonly D[]): Promise<void>;
  /** Equality on top-level fields: what every adapter (FerretDB included) can push down. */
  find(filter: Filter<D>): Promise<D[]>;
  /**
   * An ascending index on a top-level field, so that `find` by equality on it is served by the
   * database (FerretDB pushes such equality down). Idempotent; a no-op where nothing needs it.
   */
  ensureIndex(field: keyof D & string): Promise<void>;
}

export interface ReadModelStore {
  collection<D extends ReadModelDocument>(name: string): ReadModelCollection<D>;
  /** Puts a collection built aside in place of the live one in one step (rebuilds). */
  swap(built: string, live: string): Promise<void>;
  drop(collection: string): Promise<void>;
  close(): Promise<void>;
}

export const READ_MODEL_STORE = Symbol('ReadModelStore');
