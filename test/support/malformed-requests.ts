import Ajv, { type ValidateFunction } from 'ajv';
import { ID_PATTERN } from '../../apps/case-api/src/http/fields';
import { ALLOWED_VALUE_PATTERN, VOCABULARY_CODE } from '@casetrail/domain';
import addFormats from 'ajv-formats';
import {
  pathParameters,
  requestSchemaName,
  resolveSchema,
  type Endpoint,
  type OpenApiDocument,
  type OpenApiSchema,
} from './openapi';
import type { Random } from './random';

/**
 * Malformed requests for every command endpoint of an OpenAPI document. Bodies are generated from
 * each endpoint's request schema: a valid body first, then a mutation that breaks one rule of it
 * (checked against the schema with ajv, so a 2xx answer is the server's fault, never the
 * generator's), plus a fixed list of nasty inputs: invalid JSON, prototype keys, deep nesting,
 * huge bodies, wrong content types, bad headers and bad path ids.
 */

/** JSON text spliced verbatim into a generated body: `1e309`, deep nesting... */
export class RawJson {
  constructor(readonly text: string) {}
}

/** What an answer must be. Every answer must also be a 4xx with a JSON `{ code, message }`. */
export interface Expectation {
  readonly statuses: readonly number[];
  /** The error code, when the kind of failure fixes it. */
  readonly code?: string;
}

export interface MalformedRequest {
  readonly endpoint: string;
  /** A family of malformation (`wrong-type`, `syntax`, `content-type`...). */
  readonly kind: string;
  readonly description: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Absent: no body at all. A Uint8Array is sent without a content type. */
  readonly body?: string | Uint8Array;
  readonly expect: Expectation;
  /** Set when the body is parseable JSON that the schema must reject (or, for `valid`, accept). */
  readonly schemaCheck?: { readonly schema: string; readonly text: string; readonly valid: boolean };
}

export const VALIDATION_FAILED: Expectation = { statuses: [400], code: 'VALIDATION_FAILED' };
const BAD_REQUEST: Expectation = { statuses: [400] };
const REJECTED_BODY: Expectation = { statuses: [400, 413, 415] };

const CALENDAR_DATE = /^\^\\d\{4\}-\\d\{2\}-\\d\{2\}\$$/;
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

// ---------------------------------------------------------------------------------------------
// JSON text

/** An own, enumerable property even for `__proto__`, as JSON.parse would make it. */
export const setOwn = (target: Record<string, unknown>, key: string, value: unknown): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
};

/** JSON text of a value, with RawJson parts spliced in verbatim and own `__proto__` keys kept. */
export const toJsonText = (value: unknown): string => {
  const raws: string[] = [];
  // Letters and digits only: JSON.stringify leaves them as they are, and they need no escaping in a RegExp.
  const marker = `RAW${Math.random().toString(36).slice(2)}X`;
  const text = JSON.stringify(value, (_key, part: unknown) =>
    part instanceof RawJson ? `${marker}${raws.push(part.text) - 1}${marker}` : part,
  );
  return text.replace(
    new RegExp(`"${marker}(\\d+)${marker}"`, 'g'),
    (_, index: string) => raws[Number(index)]!,
  );
};

const deepObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

// ---------------------------------------------------------------------------------------------
// The schema as ajv sees it: unknown fields are rejected, as the API's whitelist does.

const closed = (schemas: Readonly<Record<string, OpenApiSchema>>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [
      name,
      schema.properties === undefined ? schema : { ...schema, additionalProperties: false },
    ]),
  );

export const schemaValidators = (document: OpenApiDocument): ((schema: string) => ValidateFunction) => {
  const ajv = new Ajv({ strict: false, strictNumbers: true, allErrors: false });
  addFormats(ajv);
  const components = { schemas: closed(document.components?.schemas ?? {}) };
  const compiled = new Map<string, ValidateFunction>();
  return (schema) => {
    let validate = compiled.get(schema);
    if (validate === undefined) {
      validate = ajv.compile({ $ref: `#/components/schemas/${schema}`, components });
      compiled.set(schema, validate);
    }
    return validate;
  };
};

// ---------------------------------------------------------------------------------------------
// Valid bodies

const pad = (n: number): string => String(n).padStart(2, '0');

const isCalendarDate = (schema: OpenApiSchema): boolean =>
  schema.format === 'date' || CALENDAR_DATE.test(schema.pattern ?? '');
const isInstant = (schema: OpenApiSchema): boolean =>
  schema.format === 'date-time' ||
  schema.pattern === 'T' ||
  schema.oneOf?.some((s) => s.format === 'date-time') === true;
const isId = (schema: OpenApiSchema): boolean => schema.pattern === ID_PATTERN.source;

const validString = (random: Random, schema: OpenApiSchema): string => {
  if (schema.enum !== undefined) return String(random.pick(schema.enum));
  if (isCalendarDate(schema))
    return `20${random.int(30, 39)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
  if (isInstant(schema))
    return `2026-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}T${pad(random.int(0, 23))}:${pad(random.int(0, 59))}:00.000Z`;
  if (schema.format === 'email') return `client${random.int(1, 999)}@example.org`;
  if (schema.format === 'uuid') {
    const hex = (length: number) => Array.from({ length }, () => random.int(0, 15).toString(16)).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
  }
  if (isId(schema)) return `id-${random.int(1, 999_999)}`;
  // An agency vocabulary's code: its shape only (which codes are in force is the domain's to say).
  // A form's allowed value is a code too, of a looser shape that this one fits.
  if (schema.pattern === VOCABULARY_CODE.source || schema.pattern === ALLOWED_VALUE_PATTERN.source)
    return `code_${random.int(1, 999_999)}`;
  const text = `Valid text ${random.int(1, 999)}`;
  return text.slice(
    0,
    Math.max(schema.minLength ?? 1, Math.min(text.length, schema.maxLength ?? text.length)),
  );
};

const validNumber = (random: Random, schema: OpenApiSchema): number => {
  const min = Math.max(schema.minimum ?? -1_000, -1_000);
  const max = Math.min(schema.maximum ?? 1_000, 1_000);
  const whole = random.int(Math.ceil(min), Math.floor(max));
  return schema.type === 'number' && whole + 0.5 <= max && random.chance(0.5) ? whole + 0.5 : whole;
};

/** A value the schema accepts; optional properties are included at random. */
export const validValue = (document: OpenApiDocument, random: Random, raw: OpenApiSchema): unknown => {
  const schema = resolveSchema(document, raw);
  switch (schema.type) {
    case 'string':
      return validString(random, schema);
    case 'number':
    case 'integer':
      return validNumber(random, schema);
    case 'boolean':
      return random.chance(0.5);
    case 'array': {
      if (schema.items === undefined) return [];
      const count = Math.min(schema.maxItems ?? 2, random.int(1, 2));
      return Array.from({ length: count }, () => validValue(document, random, schema.items!));
    }
    case 'object':
    case undefined: {
      // A rule between fields: one alternative's fields are required, and those it excludes left out.
      const alternative = schema.anyOf === undefined ? undefined : random.pick([...schema.anyOf]);
      const required = new Set([...(schema.required ?? []), ...(alternative?.required ?? [])]);
      const excluded = new Set((alternative?.not?.anyOf ?? []).flatMap((s) => s.required ?? []));
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([name]) => !excluded.has(name))
          .filter(([name]) => required.has(name) || random.chance(0.5))
          .map(([name, property]) => [name, validValue(document, random, property)]),
      );
    }
    default:
      throw new Error(`No generator for schema type ${schema.type}`);
  }
};

// ---------------------------------------------------------------------------------------------
// Where a body can be broken

interface PropertySite {
  readonly at: string;
  readonly container: Record<string, unknown>;
  readonly key: string;
  /** Resolved: a `$ref` is followed. */
  readonly schema: OpenApiSchema;
  readonly required: boolean;
  readonly present: boolean;
}

interface ObjectSite {
  readonly at: string;
  readonly object: Record<string, unknown>;
  readonly schema: OpenApiSchema;
}

interface Sites {
  readonly properties: PropertySite[];
  readonly objects: ObjectSite[];
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const sitesOf = (document: OpenApiDocument, body: Record<string, unknown>, schemaName: string): Sites => {
  const sites: Sites = { properties: [], objects: [] };
  const visit = (object: Record<string, unknown>, schema: OpenApiSchema, at: string) => {
    sites.objects.push({ at: at || '(body)', object, schema });
    const required = new Set(schema.required ?? []);
    for (const [key, raw] of Object.entries(schema.properties ?? {})) {
      const property = resolveSchema(document, raw);
      const here = at ? `${at}.${key}` : key;
      const present = Object.hasOwn(object, key);
      sites.properties.push({
        at: here,
        container: object,
        key,
        schema: { ...raw, ...property },
        required: required.has(key),
        present,
      });
      const value = object[key];
      if (present && isPlainObject(value)) visit(value, property, here);
      if (present && Array.isArray(value) && property.items !== undefined) {
        const items = resolveSchema(document, property.items);
        value.forEach((item, index) => {
          if (isPlainObject(item) && items.properties !== undefined) visit(item, items, `${here}.${index}`);
        });
      }
    }
  };
  const schema = document.components?.schemas?.[schemaName];
  if (schema === undefined) throw new Error(`No schema ${schemaName}`);
  visit(body, schema, '');
  return sites;
};

// ---------------------------------------------------------------------------------------------
// Mutations: each breaks at least one rule of the schema (and so of the API's validation)

interface Mutation {
  readonly kind: string;
  readonly description: string;
  readonly expect: Expectation;
}

/** `validFor` gives a valid value for a (property) schema, e.g. an item to repeat. */
type Mutator = (
  random: Random,
  sites: Sites,
  validFor: (schema: OpenApiSchema) => unknown,
) => Mutation | null;

const show = (value: unknown): string => {
  if (typeof value === 'string' && value.length > 60)
    return `${JSON.stringify(value.slice(0, 20))}… (${value.length} chars)`;
  const text = value instanceof RawJson ? value.text : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 40)}… (${text.length} chars)` : text;
};

/** `count` distinct items, in random order (all of them when there are fewer). */
const some = <T>(random: Random, items: readonly T[], count: number): T[] => {
  const left = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && left.length > 0)
    chosen.push(left.splice(random.int(0, left.length - 1), 1)[0]!);
  return chosen;
};

const pickOrNull = <T>(random: Random, items: readonly T[]): T | null =>
  items.length === 0 ? null : random.pick(items);

const put = (site: PropertySite, value: unknown, kind: string, expect = VALIDATION_FAILED): Mutation => {
  site.container[site.key] = value;
  return { kind, description: `${site.at} = ${show(value)}`, expect };
};

const wrongTypeValues = (site: PropertySite, validFor: (schema: OpenApiSchema) => unknown): unknown[] => {
  const nullIfRequired = site.required ? [null] : [];
  switch (site.schema.type) {
    case 'string':
      return [42, true, {}, ['text'], 0, ...nullIfRequired];
    case 'number':
    case 'integer':
      return ['12', 'NaN', 'Infinity', true, {}, [1], ...nullIfRequired];
    case 'boolean':
      return ['true', 1, 0, 'yes', {}, ...nullIfRequired];
    case 'array':
      return [{}, 'text', 7, true, { 0: validFor(site.schema.items ?? {}) }, ...nullIfRequired];
    case 'object':
    case undefined:
    default:
      return [[], [validFor(site.schema)], 'text', 1, true, ...nullIfRequired];
  }
};

const MUTATORS: Readonly<Record<string, Mutator>> = {
  'missing-required': (random, sites) => {
    const site = pickOrNull(
      random,
      sites.properties.filter((s) => s.required && s.present),
    );
    if (site === null) return null;
    delete site.container[site.key];
    return { kind: 'missing-required', description: `${site.at} removed`, expect: VALIDATION_FAILED };
  },
  'wrong-type': (random, sites, validFor) => {
    const site = random.pick(sites.properties);
    return put(site, random.pick(wrongTypeValues(site, validFor)), 'wrong-type');
  },
  'unknown-field': (random, sites) => {
    const site = random.pick(sites.objects);
    const known = new Set(Object.keys(site.schema.properties ?? {}));
    const key = random.pick(['extra', 'caseId', 'isAdmin', 'version', 'x', 'Summary', 'status ', 'données']);
    if (known.has(key)) return null;
    site.object[key] = random.pick([1, 'text', true, null, {}, [], { nested: 1 }]);
    return {
      kind: 'unknown-field',
      description: `${site.at} + ${JSON.stringify(key)}`,
      expect: VALIDATION_FAILED,
    };
  },
  'string-too-long': (random, sites) => {
    const site = pickOrNull(
      random,
      sites.properties.filter((s) => s.schema.type === 'string' && s.schema.maxLength !== undefined),
    );
    if (site === null) return null;
    const length = random.chance(0.3) ? 100_000 : site.schema.maxLength! + 1;
    return put(site, 'x'.repeat(length), 'string-too-long');
  },
  'string-empty': (random, sites) => {
    const site = pickOrNull(
      random,
      sites.properties.filter((s) => s.schema.type === 'string' && (s.schema.minLength ?? 0) >= 1),
    );
    return site && put(site, '', 'string-empty');
  },
  'bad-id': (random, sites) => {
    const site = pickOrNull(
      random,
      sites.properties.filter((s) => s.schema.type === 'string' && isId(s.schema)),
    );
    return (
      site &&
      put(
        site,
        random.pick(['bad id', 'a/b', '../etc', 'café', '<script>', 'a\u0000b', 'x;y', ' ', 'ref.1']),
        'bad-id',
      )
    );
  },
  'bad-enum': (random, sites) => {
    const site = pickOrNull(
      random,
      sites.properties.filter((s) => s.schema.enum !== undefined),
    );
    if (site === null) return null;
    const known = String(random.pick(site.schema.enum!));
    return put(site, random.pick(['nope', known.toUpperCase(), `${known} `, ` ${known}`, '']), 'bad-enum');
  },
  'bad-date': (random, sites) => {
    const site = pickOrNull(
      random,
      sites.properties.filter(
        (s) => s.schema.type === 'string' && (isCalendarDate(s.schema) || isInstant(s.schema)),
      ),
    );
    if (site === null) return null;
    const values = isCalendarDate(site.schema)
      ? [
          '2026-02-30',
          '2025-02-29',
          '2026-13-01',
          '2026-00-10',
          '2026-04-31',
          '26-01-01',
          '2026/01/01',
          'tomorrow',
        ]
      : [
          '2026-02-30T10:00:00Z',
          '2026-13-01T10:00:00Z',
          '2026-01-01T25:00:00Z',
          '2026-01-01',
          'yesterday',
          '1767225600000',
        ];
    return put(site, random.pick(values), 'bad-date');
  },
  'bad-email': (random, sites) => {
    const site = pickOrNull(
      random,
      sites.properties.filter((s) => s.schema.format === 'email'),
    );
    return (
      site && put(site, random.pick(['not-an-email', 'a@', '@example.org', 'a b@example.org']), 'bad-email')
    );
  },
  'number-out-of-range': (random, sites) => {
    const site = pickOrNull(
      random,
      sites.properties.filter((s) => s.schema.type === 'number' || s.schema.type === 'integer'),
    );
    if (site === null) return null;
    const { minimum, maximum, type } = site.schema;
    const values: unknown[] = [new RawJson('1e309'), new RawJson('-1e309'), 'NaN', '1e309'];
    if (maximum !== undefined) values.push(maximum + 1, maximum * 10 + 1);
    if (minimum !== undefined) values.push(minimum - 1);
    if (type === 'integer') values.push(1.5);
    return put(site, random.pick(values), 'number-out-of-range');
  },
  'too-many-items': (random, sites, validFor) => {
    const site = pickOrNull(
      random,
      sites.properties.filter((s) => s.schema.type === 'array' && s.schema.maxItems !== undefined),
    );
    if (site === null) return null;
    const item = (validFor(site.schema) as unknown[])[0] ?? 'id-1';
    return put(
      site,
      Array.from({ length: site.schema.maxItems! + 1 }, () => item),
      'too-many-items',
    );
  },
  'bad-items': (random, sites, validFor) => {
    const site = pickOrNull(
      random,
      sites.properties.filter((s) => s.schema.type === 'array'),
    );
    if (site === null) return null;
    const item = (validFor(site.schema) as unknown[])[0];
    // An array where an object is expected, inside the list, is the interesting one.
    const values: unknown[] =
      isPlainObject(item) || item === undefined
        ? [[[item ?? {}]], [[]], [5], ['text'], [true], [null]]
        : [[5], [''], ['bad id'], [{}], [['id-1']], [null]];
    return put(site, random.pick(values), 'bad-items');
  },
  'array-for-object': (random, sites, validFor) => {
    const site = pickOrNull(
      random,
      sites.properties.filter((s) => s.schema.type === 'object' || s.schema.properties !== undefined),
    );
    return (
      site &&
      put(site, random.pick([[], [validFor(site.schema)], [[validFor(site.schema)]]]), 'array-for-object')
    );
  },
  'deep-nesting': (random, sites) => {
    const depth = random.pick([64, 1_000, 5_000, 20_000, 40_000]);
    const raw = new RawJson(random.chance(0.5) ? deepObject(depth) : deepArray(depth));
    const nestable = sites.properties.filter(
      (s) => s.schema.type === 'array' || s.schema.type === 'object' || s.schema.properties !== undefined,
    );
    if (nestable.length > 0 && random.chance(0.5)) {
      const site = random.pick(nestable);
      site.container[site.key] = raw;
      return { kind: 'deep-nesting', description: `${site.at} nested ${depth} deep`, expect: REJECTED_BODY };
    }
    const site = random.pick(sites.objects);
    site.object.nested = raw;
    return { kind: 'deep-nesting', description: `${site.at}.nested ${depth} deep`, expect: REJECTED_BODY };
  },
  'prototype-key': (random, sites) => {
    const site = random.pick(sites.objects);
    const key = random.pick(PROTO_KEYS);
    const value = random.pick<unknown>([
      { polluted: true },
      { prototype: { polluted: true } },
      { toString: 'x' },
      'x',
    ]);
    setOwn(site.object, key, value);
    return { kind: 'prototype-key', description: `${site.at} + ${key}: ${show(value)}`, expect: BAD_REQUEST };
  },
};

const WEIGHTS: Readonly<Record<string, number>> = {
  'missing-required': 3,
  'wrong-type': 5,
  'unknown-field': 3,
  'string-too-long': 2,
  'string-empty': 2,
  'bad-id': 2,
  'bad-enum': 2,
  'bad-date': 2,
  'bad-email': 1,
  'number-out-of-range': 2,
  'too-many-items': 1,
  'bad-items': 3,
  'array-for-object': 2,
  'deep-nesting': 1,
  'prototype-key': 1,
};
const WEIGHTED = Object.entries(WEIGHTS).flatMap(([kind, weight]) => Array<string>(weight).fill(kind));

// ---------------------------------------------------------------------------------------------
// Requests

export interface GenerateOptions {
  readonly document: OpenApiDocument;
  readonly random: Random;
  /** Real ids for path parameters (`caseId`, `goalId`...), per endpoint when it matters. */
  readonly idsFor: (endpoint: Endpoint) => Readonly<Record<string, string>>;
  /** Headers every request carries unless a header malformation replaces them. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Headers for one endpoint's requests instead of `headers`: each endpoint is called as someone
   * who may perform it (a supervisor assigns, a case manager records a contact), so that only
   * validation stands between a malformed request and the record.
   */
  readonly headersFor?: (endpoint: Endpoint) => Readonly<Record<string, string>>;
  readonly total: number;
}

const MALFORMED_PATH_IDS: readonly { value: string; expect: Expectation }[] = [
  { value: 'bad%20id', expect: VALIDATION_FAILED },
  { value: 'a%2Fb', expect: VALIDATION_FAILED },
  { value: '%E0%A4%A', expect: BAD_REQUEST },
  { value: 'x'.repeat(129), expect: VALIDATION_FAILED },
  { value: 'a%00b', expect: VALIDATION_FAILED },
  { value: 'caf%C3%A9', expect: VALIDATION_FAILED },
  { value: '%3Cscript%3E', expect: VALIDATION_FAILED },
  { value: "o'brien", expect: VALIDATION_FAILED },
  { value: '%20', expect: VALIDATION_FAILED },
  { value: '', expect: { statuses: [404] } },
];

const INVALID_JSON: readonly string[] = [
  '{',
  '{"a":1,}',
  "{'a':1}",
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":1} trailing',
  '/* comment */ {}',
  '{"a":"tab\there"}',
  '{"a":01}',
  '{"a":1e}',
  '{a:1}',
  '\u0000',
  'undefined',
  '{"a":"\\x41"}',
];

const NOT_AN_OBJECT: readonly string[] = ['[]', '[{}]', '"text"', '42', 'null', 'true', '-0', '[[]]'];

export const generateMalformedRequests = (options: GenerateOptions): MalformedRequest[] => {
  const { document, random } = options;
  const validate = schemaValidators(document);
  const endpoints = Object.entries(document.paths).flatMap(([path, operations]) =>
    operations.post ? [{ method: 'POST', path, operation: operations.post }] : [],
  );

  const plans = endpoints.map((endpoint) => {
    const schema = requestSchemaName(endpoint.operation);
    if (schema === undefined) throw new Error(`POST ${endpoint.path} documents no JSON body schema`);
    const ids = options.idsFor(endpoint);
    const pathWith = (overrides: Readonly<Record<string, string>> = {}) =>
      endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => overrides[name] ?? ids[name] ?? `id-${name}`);
    /** Never `{}`: a body with nothing in it is no body at all, which a schema without required fields accepts. */
    const valid = (): Record<string, unknown> => {
      for (;;) {
        const body = validValue(document, random, { $ref: `#/components/schemas/${schema}` });
        if (isPlainObject(body) && Object.keys(body).length > 0) return body;
      }
    };
    const required = (document.components?.schemas?.[schema]?.required ?? []).length > 0;
    const headerNames = new Set(
      (endpoint.operation.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()),
    );
    const headers = options.headersFor?.(endpoint) ?? options.headers;
    return {
      endpoint,
      schema,
      pathWith,
      valid,
      required,
      headerNames,
      headers,
      name: `POST ${endpoint.path}`,
    };
  });
  type Plan = (typeof plans)[number];

  const request = (
    plan: Plan,
    kind: string,
    description: string,
    body: string | Uint8Array | undefined,
    expect: Expectation,
    extra: { headers?: Readonly<Record<string, string>>; path?: string; schemaValid?: boolean } = {},
  ): MalformedRequest => {
    let schemaCheck: MalformedRequest['schemaCheck'];
    if (typeof body === 'string' && extra.schemaValid !== undefined)
      schemaCheck = { schema: plan.schema, text: body, valid: extra.schemaValid };
    return {
      endpoint: plan.name,
      kind,
      description,
      path: extra.path ?? plan.pathWith(),
      headers: extra.headers ?? plan.headers,
      ...(body === undefined ? {} : { body }),
      expect,
      ...(schemaCheck ? { schemaCheck } : {}),
    };
  };

  /** A valid body broken by one mutation: of `kind`, or of a random applicable kind. Null when `kind` never applies. */
  const mutated = (plan: Plan, kind?: string): MalformedRequest | null => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const body = plan.valid();
      const sites = sitesOf(document, body, plan.schema);
      const mutation = MUTATORS[kind ?? random.pick(WEIGHTED)]!(random, sites, (schema) =>
        validValue(document, random, schema),
      );
      if (mutation === null) continue;
      return request(plan, mutation.kind, mutation.description, toJsonText(body), mutation.expect, {
        schemaValid: false,
      });
    }
    if (kind === undefined) throw new Error(`No mutation applies to ${plan.name}`);
    return null;
  };

  const fixed = plans.flatMap((plan): MalformedRequest[] => {
    const { headers } = plan;
    const base = plan.valid();
    const baseText = toJsonText(base);
    const withKey = (key: string, value: unknown) => {
      const body = { ...base };
      setOwn(body, key, value);
      return toJsonText(body);
    };
    const stringSite = pickOrNull(
      random,
      sitesOf(document, plan.valid(), plan.schema).properties.filter(
        (s) => s.schema.type === 'string' && !s.at.includes('.'),
      ),
    );
    const huge = (() => {
      const body = plan.valid();
      if (stringSite) body[stringSite.key] = 'x'.repeat(1_048_576);
      else body.filler = 'x'.repeat(1_048_576);
      return toJsonText(body);
    })();
    const form = new URLSearchParams(
      Object.entries(base).map(([key, value]): [string, string] => [
        key,
        typeof value === 'string' ? value : JSON.stringify(value),
      ]),
    ).toString();
    const withoutHeader = (name: string) =>
      Object.fromEntries(Object.entries(headers).filter(([header]) => header !== name));
    /** Wrong content types: each sends the valid body, which must not be taken for anything. */
    const contentTypes = [
      ...['text/plain', 'application/xml', 'text/html; charset=utf-8'].map((type) =>
        request(plan, 'content-type', `valid body as ${type}`, baseText, REJECTED_BODY, {
          headers: { ...headers, 'content-type': type },
          schemaValid: true,
        }),
      ),
      request(
        plan,
        'content-type',
        'valid body without a content type',
        new TextEncoder().encode(baseText),
        REJECTED_BODY,
        {
          headers: withoutHeader('content-type'),
        },
      ),
      request(plan, 'content-type', 'valid body form-encoded', form, REJECTED_BODY, {
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      }),
      request(plan, 'content-type', 'valid body with charset latin-9', baseText, REJECTED_BODY, {
        headers: { ...headers, 'content-type': 'application/json; charset=latin-9' },
        schemaValid: true,
      }),
    ];
    /** Bad headers on a valid body. */
    const badHeaders = [
      request(
        plan,
        'header',
        'no authorization',
        baseText,
        { statuses: [401], code: 'TOKEN_MISSING' },
        {
          headers: withoutHeader('authorization'),
          schemaValid: true,
        },
      ),
      request(
        plan,
        'header',
        'authorization "Bearer bad token!"',
        baseText,
        { statuses: [401], code: 'TOKEN_MALFORMED' },
        {
          headers: { ...headers, authorization: 'Bearer bad token!' },
          schemaValid: true,
        },
      ),
      request(
        plan,
        'header',
        'only x-actor-id and x-actor-role, no token',
        baseText,
        { statuses: [401], code: 'TOKEN_MISSING' },
        {
          headers: {
            ...withoutHeader('authorization'),
            'x-actor-id': 'cm-fuzz',
            'x-actor-role': 'supervisor',
          },
          schemaValid: true,
        },
      ),
      request(
        plan,
        'header',
        'idempotency-key "not a key!"',
        baseText,
        { statuses: [400], code: 'IDEMPOTENCY_KEY_INVALID' },
        {
          headers: { ...headers, 'idempotency-key': 'not a key!' },
          schemaValid: true,
        },
      ),
    ];
    const badVersions = plan.headerNames.has('if-match')
      ? ['abc', '-1', '"1.5"', '9999999999', 'W/"x"'].map((value) =>
          request(plan, 'header', `If-Match ${value}`, baseText, VALIDATION_FAILED, {
            headers: { ...headers, 'if-match': value },
            schemaValid: true,
          }),
        )
      : [];
    const requests: MalformedRequest[] = [
      // Prototype keys, alone and on a valid body; sent as raw text so `__proto__` is an own key.
      ...['{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}'].map((text) =>
        request(plan, 'prototype-key', text, text, BAD_REQUEST, { schemaValid: false }),
      ),
      ...PROTO_KEYS.map((key) =>
        request(plan, 'prototype-key', `valid body + ${key}`, withKey(key, { polluted: true }), BAD_REQUEST, {
          schemaValid: false,
        }),
      ),
      ...some(random, INVALID_JSON, 3).map((text) =>
        request(plan, 'syntax', `invalid JSON ${JSON.stringify(text)}`, text, BAD_REQUEST),
      ),
      request(
        plan,
        'syntax',
        'valid body cut short',
        baseText.slice(0, Math.max(1, baseText.length - 2)),
        BAD_REQUEST,
      ),
      ...some(random, [...NOT_AN_OBJECT, `[${baseText}]`], 3).map((text) =>
        request(plan, 'not-an-object', `body ${show(text)}`, text, BAD_REQUEST, { schemaValid: false }),
      ),
      ...(plan.required
        ? [
            request(plan, 'empty', 'empty JSON body', '', VALIDATION_FAILED),
            request(plan, 'empty', 'no body at all', undefined, VALIDATION_FAILED),
            request(plan, 'empty', '{}', '{}', VALIDATION_FAILED, { schemaValid: false }),
          ]
        : []),
      request(plan, 'too-large', `1 MB in ${stringSite?.at ?? 'filler'}`, huge, { statuses: [413] }),
      ...['deep-nesting', 'array-for-object']
        .map((kind) => mutated(plan, kind))
        .filter((mutation) => mutation !== null),
      ...some(random, contentTypes, 3),
      ...some(random, badHeaders, 2),
      ...some(random, badVersions, 2),
      ...pathParameters(plan.endpoint.path).map((name) => {
        const { value, expect } = random.pick(MALFORMED_PATH_IDS);
        return request(plan, 'path-id', `${name} = ${show(value)}`, baseText, expect, {
          path: plan.pathWith({ [name]: value }),
          schemaValid: true,
        });
      }),
    ];
    // Numbers JSON cannot hold, and dates that do not exist, wherever the body has such fields.
    const sites = sitesOf(document, plan.valid(), plan.schema).properties;
    const numeric = sites.find((s) => s.schema.type === 'number' || s.schema.type === 'integer');
    const dated = sites.find(
      (s) => s.schema.type === 'string' && (isCalendarDate(s.schema) || isInstant(s.schema)),
    );
    const special = (site: PropertySite | undefined, value: unknown, kind: string) => {
      if (site === undefined) return;
      const body = plan.valid();
      const target = sitesOf(document, body, plan.schema).properties.find((s) => s.at === site.at);
      if (target === undefined) return;
      const mutation = put(target, value, kind);
      requests.push(
        request(plan, kind, mutation.description, toJsonText(body), VALIDATION_FAILED, {
          schemaValid: false,
        }),
      );
    };
    // Nesting deep enough to exhaust a recursive walk, and lists of lists where a list of objects is expected.
    for (const raw of [deepObject(5_000), deepArray(20_000)]) {
      const body = plan.valid();
      body.nested = new RawJson(raw);
      requests.push(
        request(
          plan,
          'deep-nesting',
          `nested ${raw.slice(0, 5)}… (${raw.length} chars)`,
          toJsonText(body),
          REJECTED_BODY,
          {
            schemaValid: false,
          },
        ),
      );
    }
    for (const site of sites.filter(
      (s) => !s.at.includes('.') && s.schema.type === 'array' && s.schema.items?.$ref,
    )) {
      const body = plan.valid();
      const target = sitesOf(document, body, plan.schema).properties.find((s) => s.at === site.at)!;
      const mutation = put(target, [[validValue(document, random, site.schema.items!)]], 'bad-items');
      requests.push(
        request(plan, 'bad-items', mutation.description, toJsonText(body), VALIDATION_FAILED, {
          schemaValid: false,
        }),
      );
    }
    const capped = sites.find((s) => s.schema.type === 'string' && s.schema.maxLength !== undefined);
    special(capped, 'x'.repeat(100_000), 'string-too-long');
    special(numeric, new RawJson('1e309'), 'number-out-of-range');
    special(numeric, 'NaN', 'number-out-of-range');
    if (dated)
      special(dated, isCalendarDate(dated.schema) ? '2026-02-30' : '2026-02-30T10:00:00Z', 'bad-date');
    return requests;
  });

  // Every kind of mutation at least once, on an endpoint it applies to.
  for (const kind of Object.keys(MUTATORS)) {
    if (fixed.some((r) => r.kind === kind)) continue;
    const found = some(random, plans, plans.length)
      .map((plan) => mutated(plan, kind))
      .find((mutation) => mutation !== null);
    if (found === undefined) throw new Error(`No endpoint takes a ${kind} mutation`);
    fixed.push(found);
  }
  // Generated mutations fill up to the total, round-robin over the endpoints.
  const generated: MalformedRequest[] = [];
  if (fixed.length + plans.length * 20 > options.total)
    throw new Error(`${options.total} requests leave fewer than 20 generated ones per endpoint`);
  for (let i = 0; fixed.length + generated.length < options.total; i++)
    generated.push(mutated(plans[i % plans.length]!)!);
  // Every schema check the generator relies on holds: valid bodies are valid, mutations invalid.
  const all = [...fixed, ...generated];
  for (const { endpoint, description, schemaCheck } of all) {
    if (schemaCheck === undefined) continue;
    const valid = validate(schemaCheck.schema)(JSON.parse(schemaCheck.text));
    if (valid !== schemaCheck.valid)
      throw new Error(
        `Generator bug: ${endpoint} ${description} is ${valid ? 'valid' : 'invalid'} by the schema: ${schemaCheck.text.slice(0, 300)}`,
      );
  }
  for (const plan of plans)
    for (let i = 0; i < 20; i++) {
      const body = plan.valid();
      if (!validate(plan.schema)(body))
        throw new Error(
          `Generator bug: a valid ${plan.schema} is invalid: ${JSON.stringify(validate(plan.schema).errors)}`,
        );
    }
  return all;
};
