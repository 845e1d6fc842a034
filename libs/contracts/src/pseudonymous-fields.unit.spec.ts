import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CASE_EVENT_SCHEMA_VERSION,
  CASE_EVENT_SENSITIVITY,
  DROPPED_DATA_FIELDS,
  FREE_FORM_DATA_FIELDS,
  isIdPath,
  OTHER_ID_FIELDS,
  pseudonymiseEvent,
  UNFORMATTED_DATE_FIELDS,
  VOCABULARY_CODE,
  type CaseEventType,
} from '@casetrail/domain';
import { recorded } from '@casetrail/domain/testing';
import { SCHEMAS_DIR, type JsonObject } from '../scripts/generate-schemas';
import { eventSchemaFile } from './schema-files';
import { SAMPLE_EVENTS } from './testing/sample-messages';
import { plantSentinels, SENTINEL } from '../../domain/src/sharing/testing/sentinels';

const ROOT = join(__dirname, '../../..');
type Schema = { readonly [key: string]: unknown };
const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The string leaves of a schema that could carry anything a worker typed: a string without an
 * enum, a const, a format or the vocabulary code pattern (an agency code is chosen from what an
 * administrator published, lower snake case, never typed into a case), in any branch of a union.
 */
const freeStringLeaves = (schema: Schema, root: Schema, path: string): string[] => {
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const defs = root['$defs'];
    const target = isSchema(defs) ? defs[ref.replace('#/$defs/', '')] : undefined;
    return isSchema(target) ? freeStringLeaves(target, root, path) : [];
  }
  const join = (name: string) => (path === '' ? name : `${path}.${name}`);
  const properties = schema['properties'];
  if (isSchema(properties))
    return Object.entries(properties).flatMap(([name, child]) =>
      isSchema(child) ? freeStringLeaves(child, root, join(name)) : [],
    );
  const items = schema['items'];
  if (isSchema(items)) return freeStringLeaves(items, root, `${path}[]`);
  const values = schema['additionalProperties'];
  if (isSchema(values)) return freeStringLeaves(values, root, join('*'));
  const branches = [schema['anyOf'], schema['oneOf']].flatMap((list) =>
    Array.isArray(list) ? list.filter(isSchema) : [],
  );
  if (branches.length > 0) return [...new Set(branches.flatMap((b) => freeStringLeaves(b, root, path)))];
  const type = schema['type'];
  const isString = type === 'string' || (Array.isArray(type) && type.includes('string'));
  const constrained =
    'enum' in schema ||
    'const' in schema ||
    'format' in schema ||
    schema['pattern'] === VOCABULARY_CODE.source;
  return isString && !constrained ? [path] : [];
};

const schemaOf = (type: CaseEventType): Schema =>
  JSON.parse(
    readFileSync(join(ROOT, SCHEMAS_DIR, eventSchemaFile(type, CASE_EVENT_SCHEMA_VERSION[type])), 'utf8'),
  ) as JsonObject;

/** The schema's free strings that are neither ids nor dates: what a worker could have typed. */
const schemaFreeText = (type: CaseEventType): string[] => {
  const schema = schemaOf(type);
  const dates = new Set(UNFORMATTED_DATE_FIELDS[type] ?? []);
  return freeStringLeaves((schema['properties'] as Schema)['data'] as Schema, schema, '').filter(
    (path) => !isIdPath(path) && !(path in (OTHER_ID_FIELDS[type] ?? {})) && !dates.has(path),
  );
};

const TYPES = Object.keys(CASE_EVENT_SCHEMA_VERSION) as CaseEventType[];

describe('pseudonymous output and the published schemas', () => {
  it.each(TYPES)('classifies every free string field of %s’s data', (type) => {
    const schema = schemaOf(type);
    const data = (schema['properties'] as Schema)['data'] as Schema;
    const declared = CASE_EVENT_SENSITIVITY[type].data;
    const known = new Set<string>([
      ...FREE_FORM_DATA_FIELDS[type],
      ...Object.keys(OTHER_ID_FIELDS[type] ?? {}),
      ...(UNFORMATTED_DATE_FIELDS[type] ?? []),
      ...DROPPED_DATA_FIELDS,
    ]);
    const unclassified = freeStringLeaves(data, schema, '').filter(
      (path) =>
        !isIdPath(path) && !known.has(path) && declared[path] !== 'identity' && declared[path] !== 'contact',
    );
    // A new free string field: add it to FREE_FORM_DATA_FIELDS (or name it as an id or a date) in
    // libs/domain/src/sharing/pseudonymous-fields.ts.
    expect(unclassified).toEqual([]);
  });

  it('names only fields that exist: every listed path is a leaf of the published schema', () => {
    for (const type of TYPES) {
      const declared = CASE_EVENT_SENSITIVITY[type].data;
      for (const path of [...FREE_FORM_DATA_FIELDS[type], ...Object.keys(OTHER_ID_FIELDS[type] ?? {})])
        expect({ type, path, declared: path in declared }).toEqual({ type, path, declared: true });
    }
  });

  it('names as unformatted dates only plain strings of the published schema, not dates with a format', () => {
    for (const type of TYPES) {
      const schema = schemaOf(type);
      const plain = new Set(freeStringLeaves((schema['properties'] as Schema)['data'] as Schema, schema, ''));
      for (const path of UNFORMATTED_DATE_FIELDS[type] ?? [])
        expect({ type, path, plain: plain.has(path) }).toEqual({ type, path, plain: true });
    }
  });

  it('leaks nothing planted in any free string of the schema or pii, from the richer sample events', () => {
    const pseudonym = (kind: string, id: string) => `${kind}_${Buffer.from(id).toString('base64url')}`;
    for (const type of TYPES) {
      const out = JSON.stringify(
        pseudonymiseEvent(recorded(plantSentinels(SAMPLE_EVENTS[type], schemaFreeText(type))), {
          role: 'analyst',
          pseudonym,
          shiftDays: 3,
        }),
      );
      expect({ type, leaked: out.includes(SENTINEL) }).toEqual({ type, leaked: false });
      expect(out).not.toMatch(/Maria|Lopez|1988-07-14|housing officer|PHQ-9|nights in own tenancy/);
    }
  });
});
