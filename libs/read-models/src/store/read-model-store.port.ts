/** Every read-model document records the stream version it reflects: redelivery can then be ignored. */
export interface ReadModelDocument {
  readonly _id: string;
  readonly version: number;
}

export type Filter<D> = { readonly [K in keyof D]?: D[K] };

export interface ReadModelCollection<D extends ReadModelDocument> {
  get(id: string): Promise<D | null>;
  /**
   * Writes `doc` if the stored document is still at `previousVersion` (null: absent).
   * Returns false when another writer got there first; nothing is written then.
   */
  put(doc: D, previousVersion: number | null): Promise<boolean>;
  /** Equality on top-level fields: what every adapter (FerretDB included) can push down. */
  find(filter: Filter<D>): Promise<D[]>;
  clear(): Promise<void>;
}

export interface ReadModelStore {
  collection<D extends ReadModelDocument>(name: string): ReadModelCollection<D>;
  close(): Promise<void>;
}

export const READ_MODEL_STORE = Symbol('ReadModelStore');
