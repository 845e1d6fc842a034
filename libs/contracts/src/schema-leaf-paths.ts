/**
 * The leaf paths of a published JSON Schema, in the notation of the sensitivity declarations
 * (`EventSensitivity`): dotted for nested properties, `[]` for list items, `.*` for the values of a
 * map (`descriptions.*`). A leaf is anything that is not an object with properties, a list or a
 * map: a string, a number, an enum, a union of those.
 */
type Schema = { readonly [key: string]: unknown };

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const resolved = (schema: Schema, root: Schema): Schema => {
  const ref = schema['$ref'];
  if (typeof ref !== 'string') return schema;
  const match = /^#\/\$defs\/(.+)$/.exec(ref);
  const defs = root['$defs'];
  const target = match?.[1] !== undefined && isSchema(defs) ? defs[match[1]] : undefined;
  if (!isSchema(target)) throw new Error(`Unresolved schema reference ${ref}`);
  return resolved(target, root);
};

const join = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}.${name}`);

/** The paths under `prefix`; an object without properties (`Record<string, never>`) has none. */
const walk = (schema: Schema, root: Schema, prefix: string): string[] => {
  const own = resolved(schema, root);
  const properties = own['properties'];
  if (isSchema(properties)) {
    return Object.entries(properties).flatMap(([name, child]) =>
      isSchema(child) ? walk(child, root, join(prefix, name)) : [],
    );
  }
  const items = own['items'];
  if (isSchema(items)) return walk(items, root, `${prefix}[]`);
  const values = own['additionalProperties'];
  if (isSchema(values)) return walk(values, root, `${prefix}.*`);
  if (own['type'] === 'object') return [];
  // A union (`ReferralStatus | 'made'`, `Target | null`): the paths of its structured branches,
  // or the path itself when every branch is a leaf.
  const branches = [own['anyOf'], own['oneOf']].flatMap((list) =>
    Array.isArray(list) ? list.filter(isSchema) : [],
  );
  const inner = [...new Set(branches.flatMap((branch) => walkBranch(branch, root, prefix)))];
  return inner.length > 0 ? inner : [prefix];
};

const walkBranch = (branch: Schema, root: Schema, prefix: string): string[] => {
  const paths = walk(branch, root, prefix);
  return paths.length === 1 && paths[0] === prefix ? [] : paths;
};

/** The leaf paths of the `data` or the `pii` of an event schema file's content. */
export const eventLeafPaths = (eventSchema: Schema, side: 'data' | 'pii'): string[] => {
  const properties = eventSchema['properties'];
  const part = isSchema(properties) ? properties[side] : undefined;
  if (!isSchema(part)) throw new Error(`The event schema has no \`${side}\``);
  return walk(part, eventSchema, '');
};
