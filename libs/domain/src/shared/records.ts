/**
 * State keeps id-keyed collections as plain records so that it stays JSON.
 * Lookups go through `Object.hasOwn`: ids come from outside, and an id such
 * as `constructor` must not find something on the prototype.
 */
export type IdRecord<T> = Readonly<Record<string, T>>;

export const entry = <T>(record: IdRecord<T>, id: string): T | undefined =>
  Object.hasOwn(record, id) ? record[id] : undefined;

export const hasEntry = <T>(record: IdRecord<T>, id: string): boolean => Object.hasOwn(record, id);

/** A missing id leaves the record as it is: evolve must not throw on recorded history. */
export const updateEntry = <T>(record: IdRecord<T>, id: string, update: (value: T) => T): IdRecord<T> => {
  const value = entry(record, id);
  return value === undefined ? record : { ...record, [id]: update(value) };
};

export const withEntry = <T>(record: IdRecord<T>, id: string, value: T): IdRecord<T> => ({
  ...record,
  [id]: value,
});
