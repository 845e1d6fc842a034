/**
 * What the generator adds to an event schema after the TypeScript types are read: the fields'
 * labels from the sensitivity registry (`x-casetrail-sensitivity`, `x-casetrail-free-text`), on
 * the field itself. A shared definition (`GoalTarget`) can hold different categories at different
 * paths (a goal added has its domain, a goal revised does not), so an event schema's references
 * are inlined first: each field is labelled where it sits.
 */
import type { EventSensitivity, FieldCategory } from '../../domain/src/shared/sensitivity';
import { FREE_TEXT_KEYWORD, SENSITIVITY_KEYWORD } from '../src/schema-files';

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = { readonly [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every `#/$defs/<name>` reference replaced by its definition; the reference's own keywords (its description) win. */
export const inlineRefs = (value: Json, defs: JsonObject): Json => {
  if (Array.isArray(value)) return value.map((child: Json) => inlineRefs(child, defs));
  if (!isObject(value)) return value;
  const ref = value['$ref'];
  if (typeof ref === 'string') {
    const name = /^#\/\$defs\/(.+)$/.exec(ref)?.[1];
    const target = name === undefined ? undefined : defs[name];
    if (!isObject(target)) throw new Error(`Unresolved schema reference ${ref}`);
    const { $ref: _ref, ...siblings } = value;
    return inlineRefs({ ...target, ...siblings }, defs);
  }
  const out: Record<string, Json> = {};
  for (const [key, child] of Object.entries(value)) out[key] = inlineRefs(child, defs);
  return out;
};

const join = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}.${name}`);

/** Has fields below it (an object, a list or a map), rather than being a leaf. */
const isStructured = (schema: JsonObject): boolean =>
  isObject(schema['properties']) ||
  isObject(schema['items']) ||
  isObject(schema['additionalProperties']) ||
  schema['type'] === 'object';

interface Labels {
  readonly categoryOf: (path: string) => FieldCategory;
  readonly freeText: ReadonlySet<string>;
}

const labelled = (schema: JsonObject, path: string, labels: Labels): JsonObject => {
  const category = labels.categoryOf(path);
  return {
    ...schema,
    [SENSITIVITY_KEYWORD]: typeof category === 'string' ? category : { byDomainAt: category.byDomainAt },
    ...(labels.freeText.has(path) ? { [FREE_TEXT_KEYWORD]: true } : {}),
  };
};

/** The leaf paths are those of `eventLeafPaths` (schema-leaf-paths.ts); a list or map of leaves takes its items' label too. */
const annotate = (schema: JsonObject, path: string, labels: Labels): JsonObject => {
  const properties = schema['properties'];
  if (isObject(properties)) {
    const out: Record<string, Json> = {};
    for (const [name, child] of Object.entries(properties))
      out[name] = isObject(child) ? annotate(child, join(path, name), labels) : child;
    return { ...schema, properties: out };
  }
  const items = schema['items'];
  if (isObject(items)) {
    const inner = annotate(items, `${path}[]`, labels);
    return isStructured(items)
      ? { ...schema, items: inner }
      : labelled({ ...schema, items: inner }, `${path}[]`, labels);
  }
  const values = schema['additionalProperties'];
  if (isObject(values)) {
    const inner = annotate(values, `${path}.*`, labels);
    return isStructured(values)
      ? { ...schema, additionalProperties: inner }
      : labelled({ ...schema, additionalProperties: inner }, `${path}.*`, labels);
  }
  if (schema['type'] === 'object') return schema;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.some((b: Json) => isObject(b) && isStructured(b))) {
      // A union with a structured branch (`Target | null`): its fields are labelled inside.
      return {
        ...schema,
        [key]: branches.map((b: Json) => (isObject(b) && isStructured(b) ? annotate(b, path, labels) : b)),
      };
    }
  }
  return labelled(schema, path, labels);
};

/**
 * An event schema (its references inlined, no `$defs` left) with every leaf of `data` and `pii`
 * labelled from the event type's declaration. A field the declaration does not name fails generation.
 */
export const annotateEventSchema = (
  schema: JsonObject,
  label: { readonly type: string; readonly schemaVersion: number },
  declaration: EventSensitivity,
  freeFormData: readonly string[],
): JsonObject => {
  const defs = schema['$defs'];
  const { $defs: _defs, ...rest } = schema;
  const inlined = inlineRefs(rest, isObject(defs) ? defs : {}) as JsonObject;
  const properties = inlined['properties'];
  if (!isObject(properties)) throw new Error(`${label.type} v${label.schemaVersion} has no properties`);
  const side = (name: 'data' | 'pii', freeText: readonly string[]): JsonObject => {
    const part = properties[name];
    if (!isObject(part)) throw new Error(`${label.type} v${label.schemaVersion} has no \`${name}\``);
    return annotate(part, '', {
      categoryOf: (path) => {
        const category = declaration[name][path];
        if (category === undefined)
          throw new Error(
            `${label.type} v${label.schemaVersion}: \`${name}.${path}\` has no category in its …_SENSITIVITY`,
          );
        return category;
      },
      freeText: new Set(freeText),
    });
  };
  return {
    ...inlined,
    properties: { ...properties, data: side('data', freeFormData), pii: side('pii', []) },
  };
};

/** The description of every property and list item under `schema`, by path (`a.b`, `a[]`, `a.*`). */
const descriptionsByPath = (schema: Json, path: string, out: Map<string, string>): Map<string, string> => {
  if (!isObject(schema)) return out;
  const description = schema['description'];
  if (typeof description === 'string' && !out.has(path)) out.set(path, description);
  const properties = schema['properties'];
  if (isObject(properties))
    for (const [name, child] of Object.entries(properties)) descriptionsByPath(child, join(path, name), out);
  descriptionsByPath(schema['items'] ?? null, `${path}[]`, out);
  descriptionsByPath(schema['additionalProperties'] ?? null, `${path}.*`, out);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches))
      for (const branch of branches as readonly Json[]) descriptionsByPath(branch, path, out);
  }
  return out;
};

const withDescriptions = (schema: Json, path: string, from: ReadonlyMap<string, string>): Json => {
  if (!isObject(schema)) return schema;
  const out: Record<string, Json> = { ...schema };
  const description = from.get(path);
  if (out['description'] === undefined && description !== undefined && path !== '')
    out['description'] = description;
  const properties = schema['properties'];
  if (isObject(properties)) {
    const children: Record<string, Json> = {};
    for (const [name, child] of Object.entries(properties))
      children[name] = withDescriptions(child, join(path, name), from);
    out['properties'] = children;
  }
  if (isObject(schema['items'] ?? null))
    out['items'] = withDescriptions(schema['items'] ?? null, `${path}[]`, from);
  if (isObject(schema['additionalProperties'] ?? null))
    out['additionalProperties'] = withDescriptions(schema['additionalProperties'] ?? null, `${path}.*`, from);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches))
      out[key] = branches.map((branch: Json) => withDescriptions(branch, path, from));
  }
  return out;
};

/**
 * A frozen (earlier) version's schema, given the words and labels of today: its fields keep their
 * shape and every constraint they were published with; only keywords that do not validate are
 * added (a field's description from the current version when it has none, its labels). Applying
 * it again changes nothing.
 */
export const enrichFrozenSchema = (
  frozen: JsonObject,
  current: JsonObject,
  label: { readonly type: string; readonly schemaVersion: number },
  declaration: EventSensitivity,
  freeFormData: readonly string[],
): JsonObject => {
  const words = descriptionsByPath(current, '', new Map());
  return withDescriptions(
    annotateEventSchema(frozen, label, declaration, freeFormData),
    '',
    words,
  ) as JsonObject;
};
