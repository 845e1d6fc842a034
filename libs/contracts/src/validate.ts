import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { CaseEventMessage } from './case-event-message';
import { ENVELOPE_SCHEMA, EVENT_SCHEMAS } from './schema-manifest.generated';
import { ANNOTATION_KEYWORDS } from './schema-files';

export type CaseEventMessageValidation = { valid: true } | { valid: false; errors: string[] };

interface EventValidators {
  /** The whole schema, `pii` as it is once opened. */
  readonly opened: ValidateFunction;
  /** The same with `pii` left to the envelope: what a message carrying it sealed can be held to. */
  readonly sealed: ValidateFunction;
}

interface Validators {
  readonly envelope: ValidateFunction<CaseEventMessage>;
  /** By event type, then by schema version. */
  readonly events: ReadonlyMap<string, ReadonlyMap<number, EventValidators>>;
}

/** Enough to see what is wrong with a message without flooding a dead-letter header. */
const MAX_ERRORS = 20;

let validators: Validators | undefined;

/** Compiled once, on first use: every published schema, the frozen versions included. */
const compile = (): Validators => {
  // strict: a schema keyword ajv does not know fails here, not silently at run time.
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  // The sensitivity and free-text labels annotate, they do not validate.
  ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
  const events = new Map<string, Map<number, EventValidators>>();
  for (const { type, schemaVersion, schema } of EVENT_SCHEMAS) {
    const versions = events.get(type) ?? new Map<number, EventValidators>();
    // Without its $id: one schema may be compiled once per id.
    const { $id: _id, ...rest } = schema;
    const properties = (rest['properties'] ?? {}) as Record<string, unknown>;
    versions.set(schemaVersion, {
      opened: ajv.compile(schema),
      sealed: ajv.compile({ ...rest, properties: { ...properties, pii: true } }),
    });
    events.set(type, versions);
  }
  return { envelope: ajv.compile<CaseEventMessage>(ENVELOPE_SCHEMA), events };
};

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

const invalid = (errors: readonly ErrorObject[] | null | undefined): CaseEventMessageValidation => {
  const all = [...new Set((errors ?? []).map(describe))];
  const shown = all.slice(0, MAX_ERRORS);
  if (all.length > shown.length) shown.push(`... and ${all.length - shown.length} more`);
  return { valid: false, errors: shown.length > 0 ? shown : ['invalid'] };
};

const validatorsFor = (
  message: Pick<CaseEventMessage, 'type' | 'schemaVersion'>,
): EventValidators | CaseEventMessageValidation => {
  const { events } = (validators ??= compile());
  const versions = events.get(message.type);
  if (!versions) return { valid: false, errors: [`/type unknown event type: ${message.type}`] };
  const found = versions.get(message.schemaVersion);
  if (!found) {
    const known = [...versions.keys()].map((v) => `v${v}`).join(', ');
    return {
      valid: false,
      errors: [`/schemaVersion no schema for ${message.type} v${message.schemaVersion} (known: ${known})`],
    };
  }
  return found;
};

/**
 * Checks a parsed message value against the published contract: the envelope schema (its `pii`
 * sealed: a message carrying client data in the clear is invalid), then the `data` schema of its
 * (type, schemaVersion). A type or version this code has no schema for is invalid, with a reason
 * saying so (a newer producer may be ahead of this consumer). Fields added to the envelope later
 * are accepted. The `pii` inside the seal is checked by `validateOpenedPii`, by whoever opens it.
 */
export const validateCaseEventMessage = (message: unknown): CaseEventMessageValidation => {
  const { envelope } = (validators ??= compile());
  if (!envelope(message)) return invalid(envelope.errors);
  const found = validatorsFor(message);
  if ('valid' in found) return found;
  return found.sealed(message) ? { valid: true } : invalid(found.sealed.errors);
};

/** For a consumer holding the key: the opened `pii` of a valid message against its type's schema. */
export const validateOpenedPii = (message: CaseEventMessage, pii: unknown): CaseEventMessageValidation => {
  const found = validatorsFor(message);
  if ('valid' in found) return found;
  return found.opened({ ...message, pii }) ? { valid: true } : invalid(found.opened.errors);
};
