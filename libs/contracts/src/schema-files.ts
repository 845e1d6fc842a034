/**
 * Where the published JSON Schemas live and what they are called. Files are named
 * by what they describe, so a consumer finds the schema for a message from its
 * `type` and `schemaVersion` alone; `$id`s mirror the file layout under a base
 * that identifies the schemas and is not meant to be fetched.
 */
export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export const SCHEMA_ID_BASE = 'https://contracts.casetrail.example/schemas/';

export const CURRENT_ENVELOPE_VERSION = 1;

/** Path relative to `libs/contracts/schemas/`. */
export const envelopeSchemaFile = (envelopeVersion: number): string =>
  `envelope.v${envelopeVersion}.schema.json`;

/**
 * Path relative to `libs/contracts/schemas/`: a partner's feed message (`PartnerFeedMessage`).
 * Not versioned in its name: it only grows, like the envelope, and a partner ignores what it does not know.
 */
export const PARTNER_FEED_MESSAGE_SCHEMA_FILE = 'partner-feed-message.json';

/** Path relative to `libs/contracts/schemas/`. */
export const eventSchemaFile = (type: string, schemaVersion: number): string =>
  `events/${type}.v${schemaVersion}.schema.json`;

export const schemaId = (file: string): string => `${SCHEMA_ID_BASE}${file}`;

const EVENT_SCHEMA_FILE = /^events\/([A-Za-z][A-Za-z0-9]*)\.v([1-9][0-9]*)\.schema\.json$/;

/** The (type, schemaVersion) an event schema file describes, or null for any other file name. */
export const parseEventSchemaFile = (file: string): { type: string; schemaVersion: number } | null => {
  const match = EVENT_SCHEMA_FILE.exec(file);
  return match?.[1] && match[2] ? { type: match[1], schemaVersion: Number(match[2]) } : null;
};

/**
 * Annotations on every leaf of an event schema's `data` and `pii` (and on a list or map of such
 * leaves): its information category from the sensitivity registry, or `{ "byDomainAt": "<path>" }`
 * for a field whose category is that of the assessment domain at that path of the same list item;
 * and `true` for a free-form string of `data` (words a worker typed or chose freely). They do not
 * validate: a validator in strict mode must be told of them (`ANNOTATION_KEYWORDS`).
 */
export const SENSITIVITY_KEYWORD = 'x-casetrail-sensitivity';
export const FREE_TEXT_KEYWORD = 'x-casetrail-free-text';
export const ANNOTATION_KEYWORDS: readonly string[] = [SENSITIVITY_KEYWORD, FREE_TEXT_KEYWORD];

/** Path relative to `libs/contracts/schemas/`: one full example message (as on the topic) per event type and version. */
export const eventExampleFile = (type: string, schemaVersion: number): string =>
  `examples/${type}.v${schemaVersion}.example.json`;
