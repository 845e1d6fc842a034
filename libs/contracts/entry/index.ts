/**
 * The packaged contract's entry point (`@casetrail/contracts`): the schema files' paths, the file
 * every schema `$id` names, and a validator over those files. It reads the very JSON files the
 * package ships, so what a Python or Java consumer loads is what it validates with; it imports
 * nothing of Casetrail, so it compiles alone (`tsconfig.package.json`, run by `npm pack`) into a
 * CommonJS `dist/index.js` with its `.d.ts`. It mirrors `src/validate.ts`, which Casetrail's own
 * services use (`entry/index.unit.spec.ts` holds them to the same verdicts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export type Validation = { valid: true } | { valid: false; errors: string[] };

/** Every schema's `$id` is this base plus the file's path under `schemas/` (`src/schema-files.ts`). */
export const SCHEMA_ID_BASE = 'https://contracts.casetrail.example/schemas/';

/** Beside `entry/` in the repository, beside `dist/` in the package: the same relative place. */
export const SCHEMAS_DIR = join(__dirname, '..', 'schemas');

/** Up to this many reasons per invalid message: enough to see what is wrong, not a flood. */
const MAX_ERRORS = 20;

export const envelopeSchemaPath = (envelopeVersion = 1): string =>
  join(SCHEMAS_DIR, `envelope.v${envelopeVersion}.schema.json`);
export const eventSchemaPath = (type: string, schemaVersion: number): string =>
  join(SCHEMAS_DIR, 'events', `${type}.v${schemaVersion}.schema.json`);
export const partnerFeedMessageSchemaPath = (): string => join(SCHEMAS_DIR, 'partner-feed-message.json');
/** The information category of every field (data, not a schema). */
export const sensitivityPath = (): string => join(SCHEMAS_DIR, 'sensitivity.json');
/** `schemas/examples/<Type>.v<N>.example.json`: one message per event type and version. */
export const examplePath = (type: string, schemaVersion: number): string =>
  join(SCHEMAS_DIR, 'examples', `${type}.v${schemaVersion}.example.json`);

type JsonObject = Record<string, unknown>;

export interface SchemaFile {
  readonly id: string;
  readonly path: string;
  readonly schema: JsonObject;
}

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );

/**
 * Every JSON Schema the package ships (the files with a `$id`: not `sensitivity.json`, which is
 * data, nor the examples), each with its `$id` and absolute path.
 */
export const schemaFiles = (): SchemaFile[] =>
  walk(SCHEMAS_DIR)
    .filter((path) => path.endsWith('.json') && !relative(SCHEMAS_DIR, path).startsWith(`examples${sep}`))
    .map((path) => ({ path, schema: JSON.parse(readFileSync(path, 'utf8')) as JsonObject }))
    .flatMap(({ path, schema }) =>
      typeof schema['$id'] === 'string' ? [{ id: schema['$id'], path, schema }] : [],
    );

/**
 * The file a schema `$id` (or any URI under the base; a fragment is ignored) names in this package,
 * or undefined. The `$id`s identify the schemas; they are not fetched: map them to these files.
 */
export const schemaPathForId = (id: string): string | undefined => {
  const uri = id.split('#')[0] ?? '';
  if (!uri.startsWith(SCHEMA_ID_BASE)) return undefined;
  const parts = uri.slice(SCHEMA_ID_BASE.length).split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) return undefined;
  return join(SCHEMAS_DIR, ...parts);
};

const EVENT_SCHEMA = /^events\/([A-Za-z][A-Za-z0-9]*)\.v([1-9][0-9]*)\.schema\.json$/;

const describe = (error: ErrorObject): string => {
  const at = error.instancePath === '' ? '(message)' : error.instancePath;
  const params: Readonly<Record<string, unknown>> = error.params;
  const detail =
    error.keyword === 'additionalProperties'
      ? `: ${String(params['additionalProperty'])}`
      : error.keyword === 'enum' && Array.isArray(params['allowedValues'])
        ? `: ${params['allowedValues'].map(String).join(', ')}`
        : '';
  return `${at} ${error.message ?? error.keyword}${detail}`;
};

const invalid = (errors: readonly ErrorObject[] | null | undefined): Validation => {
  const all = [...new Set((errors ?? []).map(describe))];
  const shown = all.slice(0, MAX_ERRORS);
  if (all.length > shown.length) shown.push(`... and ${all.length - shown.length} more`);
  return { valid: false, errors: shown.length > 0 ? shown : ['invalid'] };
};

export interface ContractValidator {
  /** The Ajv instance holding every published non-event schema under its `$id`. */
  readonly ajv: Ajv2020;
  /** A parsed message value against the envelope (its `pii` sealed) and its (type, schemaVersion). */
  validate(message: unknown): Validation;
  /** What a key holder opened from a valid message's `pii`, against its event schema. */
  validateOpenedPii(message: unknown, pii: unknown): Validation;
}

interface EventValidators {
  readonly opened: ValidateFunction;
  readonly sealed: ValidateFunction;
}

/**
 * Casetrail's annotations on schema properties (a field's information category, whether it is
 * free text): they describe and never validate, and strict Ajv must be told of them.
 */
export const ANNOTATION_KEYWORDS: readonly string[] = ['x-casetrail-sensitivity', 'x-casetrail-free-text'];

/**
 * Compiles every published schema, formats checked (dates, instants, uuids). An unknown type or
 * version is invalid, with a reason saying so (a newer producer may be ahead of this consumer).
 */
export const createValidator = (): ContractValidator => {
  // strict: a keyword Ajv does not know fails here, at start-up, not silently later.
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
  const events = new Map<string, EventValidators>();
  for (const { id, schema } of schemaFiles()) {
    const match = EVENT_SCHEMA.exec(id.slice(SCHEMA_ID_BASE.length));
    if (!match) {
      ajv.addSchema(schema);
      continue;
    }
    // Sealed: `pii` left to the envelope. Compiled without its `$id`, which `opened` keeps.
    const { $id: _id, ...rest } = schema;
    const properties = (rest['properties'] ?? {}) as JsonObject;
    events.set(`${match[1]}@${match[2]}`, {
      opened: ajv.compile(schema),
      sealed: ajv.compile({ ...rest, properties: { ...properties, pii: true } }),
    });
  }
  const envelope = ajv.getSchema(`${SCHEMA_ID_BASE}envelope.v1.schema.json`);
  if (!envelope) throw new Error(`no envelope schema in ${SCHEMAS_DIR}`);

  const forMessage = (message: unknown): EventValidators | Validation => {
    const { type, schemaVersion } = message as { type?: unknown; schemaVersion?: unknown };
    const found = events.get(`${String(type)}@${String(schemaVersion)}`);
    if (found) return found;
    const known = [...events.keys()].filter((key) => key.startsWith(`${String(type)}@`));
    if (known.length === 0) return { valid: false, errors: [`/type unknown event type: ${String(type)}`] };
    const versions = known.map((key) => `v${key.split('@')[1]}`).join(', ');
    return {
      valid: false,
      errors: [`/schemaVersion no schema for ${String(type)} v${String(schemaVersion)} (known: ${versions})`],
    };
  };

  return {
    ajv,
    validate(message) {
      if (!envelope(message)) return invalid(envelope.errors);
      const found = forMessage(message);
      if ('valid' in found) return found;
      return found.sealed(message) ? { valid: true } : invalid(found.sealed.errors);
    },
    validateOpenedPii(message, pii) {
      const found = forMessage(message);
      if ('valid' in found) return found;
      return found.opened({ ...(message as JsonObject), pii })
        ? { valid: true }
        : invalid(found.opened.errors);
    },
  };
};

let shared: ContractValidator | undefined;

/** `createValidator().validate`, compiled once on first use. */
export const validate = (message: unknown): Validation => (shared ??= createValidator()).validate(message);

/** `createValidator().validateOpenedPii`, compiled once on first use. */
export const validateOpenedPii = (message: unknown, pii: unknown): Validation =>
  (shared ??= createValidator()).validateOpenedPii(message, pii);
