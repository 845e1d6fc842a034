import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACCESS_EVENT_SCHEMA_VERSION,
  ACCESS_EVENT_TYPES,
  CASE_EVENT_SCHEMA_VERSION,
  CASE_EVENT_TYPES,
  ISO_INSTANT,
} from '@casetrail/domain';
import { DEAD_LETTER_HEADERS, deadLetterTopic } from '@casetrail/messaging';
import { loadConfig } from '../../platform/src/config';
import {
  eventSchemaFilesOnDisk,
  generateSchemas,
  SCHEMAS_DIR,
  type GeneratedSchema,
} from '../scripts/generate-schemas';
import { MESSAGE_HEADERS } from './case-event-message';
import { ENVELOPE_SCHEMA, EVENT_SCHEMAS } from './schema-manifest.generated';
import {
  CURRENT_ENVELOPE_VERSION,
  envelopeSchemaFile,
  eventSchemaFile,
  parseEventSchemaFile,
  PARTNER_FEED_MESSAGE_SCHEMA_FILE,
  SCHEMA_DIALECT,
  schemaId,
} from './schema-files';

const ROOT = join(__dirname, '../../..');
const REGENERATE = 'run `npm run contracts:generate` and commit the result';

const committed = (file: string): unknown =>
  JSON.parse(readFileSync(join(ROOT, SCHEMAS_DIR, file), 'utf8')) as unknown;

/** Case events and the access log's events: both published, with the same envelope. */
const SCHEMA_VERSIONS: Readonly<Record<string, number>> = {
  ...CASE_EVENT_SCHEMA_VERSION,
  ...ACCESS_EVENT_SCHEMA_VERSION,
};
const EVENT_TYPES: readonly string[] = [...CASE_EVENT_TYPES, ...ACCESS_EVENT_TYPES];
const versionOf = (type: string): number => SCHEMA_VERSIONS[type] ?? 0;

const currentFiles = [
  envelopeSchemaFile(CURRENT_ENVELOPE_VERSION),
  PARTNER_FEED_MESSAGE_SCHEMA_FILE,
  ...EVENT_TYPES.map((type) => eventSchemaFile(type, versionOf(type))),
];

describe('the published JSON Schemas', () => {
  it("hold the domain's instant pattern for occurredAt and recordedAt (the annotation cannot import it)", () => {
    const envelope = JSON.parse(
      readFileSync(join(__dirname, '..', 'schemas', 'envelope.v1.schema.json'), 'utf8'),
    ) as { properties: Record<string, { pattern?: string }> };
    expect(envelope.properties.occurredAt?.pattern).toBe(ISO_INSTANT.source);
    expect(envelope.properties.recordedAt?.pattern).toBe(ISO_INSTANT.source);
  });

  let fresh: ReadonlyMap<string, GeneratedSchema['schema']>;

  beforeAll(() => {
    fresh = new Map(generateSchemas(ROOT).map(({ file, schema }) => [file, schema]));
  }, 30_000);

  it('are generated for the envelope, the partner feed message and the current version of every event type', () => {
    expect([...fresh.keys()].sort()).toEqual([...currentFiles].sort());
  });

  it.each(currentFiles)(`%s is what the TypeScript types generate (else ${REGENERATE})`, (file) => {
    expect(committed(file)).toEqual(fresh.get(file));
  });

  it('keep every version of every event type, and none of an unknown type or a future version', () => {
    const expected = EVENT_TYPES.flatMap((type) =>
      Array.from({ length: versionOf(type) }, (_, i) => eventSchemaFile(type, i + 1)),
    ).sort();
    expect(eventSchemaFilesOnDisk(ROOT)).toEqual(expected);
    // Nothing else lies in the folder under a name the manifest would skip.
    const all = readdirSync(join(ROOT, SCHEMAS_DIR, 'events')).map((name) => `events/${name}`);
    expect(all.sort()).toEqual(expected);
  });

  it(`are all in the validator's manifest (else ${REGENERATE})`, () => {
    const inManifest = EVENT_SCHEMAS.map(({ type, schemaVersion }) => eventSchemaFile(type, schemaVersion));
    expect(inManifest.sort()).toEqual(eventSchemaFilesOnDisk(ROOT));
    for (const { type, schemaVersion, schema } of EVENT_SCHEMAS) {
      expect(schema).toEqual(committed(eventSchemaFile(type, schemaVersion)));
    }
    expect(ENVELOPE_SCHEMA).toEqual(committed(envelopeSchemaFile(CURRENT_ENVELOPE_VERSION)));
  });

  it.each(eventSchemaFilesOnDisk(ROOT))(
    '%s is draft 2020-12, names itself, and pins its type and version',
    (file) => {
      const schema = committed(file) as Record<string, any>;
      const { type, schemaVersion } = parseEventSchemaFile(file)!;
      expect(schema.$schema).toBe(SCHEMA_DIALECT);
      expect(schema.$id).toBe(schemaId(file));
      expect(schema.properties.type).toEqual({ const: type, description: expect.any(String) });
      expect(schema.properties.schemaVersion).toEqual({
        const: schemaVersion,
        description: expect.any(String),
      });
      expect(schema.required).toEqual(['type', 'schemaVersion', 'data', 'pii']);
      // Strict at the top of data and pii: a field not in the schema is an error.
      expect(schema.properties.data.additionalProperties).toBe(false);
      expect(schema.properties.pii.additionalProperties).toBe(false);
    },
  );

  it('keep the envelope open to fields added within its version', () => {
    const envelope = committed(envelopeSchemaFile(CURRENT_ENVELOPE_VERSION)) as Record<string, any>;
    expect(envelope.$id).toBe(schemaId(envelopeSchemaFile(CURRENT_ENVELOPE_VERSION)));
    expect(envelope.additionalProperties).toBeUndefined();
    expect(envelope.properties.envelopeVersion.const).toBe(CURRENT_ENVELOPE_VERSION);
  });
});

describe('the AsyncAPI document', () => {
  const asyncapi = readFileSync(join(ROOT, 'libs/contracts/asyncapi.yaml'), 'utf8');
  const { topic, partitions } = loadConfig({}).kafka;

  it('is AsyncAPI 3.0 and names the default topics and partition count', () => {
    expect(asyncapi).toMatch(/^asyncapi: 3\.0\.0$/m);
    expect(asyncapi).toContain(`address: ${topic}\n`);
    expect(asyncapi).toContain(`address: ${deadLetterTopic(topic)}\n`);
    expect(asyncapi).toContain(`partitions: ${partitions}\n`);
  });

  it.each(CASE_EVENT_TYPES)('describes %s with its current schema', (type) => {
    const file = eventSchemaFile(type, CASE_EVENT_SCHEMA_VERSION[type]);
    expect(asyncapi).toContain(`$ref: './schemas/${file}'`);
    expect(asyncapi).toContain(`$ref: '#/components/messages/${type}'`);
    expect(asyncapi).toContain(`$ref: '#/channels/caseEvents/messages/${type}'`);
  });

  it.each(ACCESS_EVENT_TYPES)('describes %s on the access-events channel, at its default topic', (type) => {
    const file = eventSchemaFile(type, ACCESS_EVENT_SCHEMA_VERSION[type]);
    expect(asyncapi).toContain(`address: ${loadConfig({}).kafka.accessTopic}\n`);
    expect(asyncapi).toContain(`$ref: './schemas/${file}'`);
    expect(asyncapi).toContain(`$ref: '#/components/messages/${type}'`);
    expect(asyncapi).toContain(`$ref: '#/channels/accessEvents/messages/${type}'`);
  });

  it('describes every header, the dead-letter ones included', () => {
    for (const header of [...Object.values(MESSAGE_HEADERS), ...Object.values(DEAD_LETTER_HEADERS)]) {
      expect(asyncapi).toContain(`        ${header}:\n`);
    }
  });
});
