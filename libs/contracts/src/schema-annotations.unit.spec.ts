import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { FREE_FORM_DATA_FIELDS, ISO_INSTANT } from '@casetrail/domain';
import {
  CALENDAR_DATE_PATTERN,
  EVENT_SENSITIVITY,
  eventSchemaFilesOnDisk,
  frozenSchemas,
  generateExamples,
  generateSchemas,
  SCHEMAS_DIR,
  type GeneratedExample,
} from '../scripts/generate-schemas';
import { ENVELOPE_SCHEMA, EVENT_SCHEMAS, PARTNER_FEED_MESSAGE_SCHEMA } from './schema-manifest.generated';
import {
  ANNOTATION_KEYWORDS,
  envelopeSchemaFile,
  CURRENT_ENVELOPE_VERSION,
  eventExampleFile,
  FREE_TEXT_KEYWORD,
  parseEventSchemaFile,
  PARTNER_FEED_MESSAGE_SCHEMA_FILE,
  SENSITIVITY_KEYWORD,
} from './schema-files';
import { validateCaseEventMessage, validateOpenedPii } from './validate';
import { openSample } from './testing/sealing';
import type { CaseEventMessage } from './case-event-message';

const ROOT = join(__dirname, '../../..');
const REGENERATE = 'run `npm run contracts:generate` and commit the result';
type Schema = { readonly [key: string]: unknown };
const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const committed = (file: string): Schema =>
  JSON.parse(readFileSync(join(ROOT, SCHEMAS_DIR, file), 'utf8')) as Schema;

const EVENT_FILES = eventSchemaFilesOnDisk(ROOT);
const ALL_SCHEMA_FILES = [
  envelopeSchemaFile(CURRENT_ENVELOPE_VERSION),
  PARTNER_FEED_MESSAGE_SCHEMA_FILE,
  ...EVENT_FILES,
];

const resolve = (schema: Schema, root: Schema): Schema => {
  const ref = schema['$ref'];
  if (typeof ref !== 'string') return schema;
  const defs = root['$defs'];
  const target = isSchema(defs) ? defs[ref.replace('#/$defs/', '')] : undefined;
  if (!isSchema(target)) throw new Error(`Unresolved ${ref}`);
  return resolve(target, root);
};

/** The leaves of `data` or `pii`, by declared path, with their schema (the rules of `eventLeafPaths`). */
const leaves = (schema: Schema, root: Schema, path: string): [string, Schema][] => {
  const own = resolve(schema, root);
  const join = (name: string) => (path === '' ? name : `${path}.${name}`);
  const properties = own['properties'];
  if (isSchema(properties))
    return Object.entries(properties).flatMap(([name, child]) =>
      isSchema(child) ? leaves(child, root, join(name)) : [],
    );
  if (isSchema(own['items'])) return leaves(own['items'], root, `${path}[]`);
  if (isSchema(own['additionalProperties'])) return leaves(own['additionalProperties'], root, `${path}.*`);
  if (own['type'] === 'object') return [];
  const branches = [own['anyOf'], own['oneOf']].flatMap((list) =>
    Array.isArray(list) ? list.filter(isSchema) : [],
  );
  const inner = branches.flatMap((branch) => leaves(branch, root, path).filter(([p]) => p !== path));
  return inner.length > 0 ? inner : [[path, own]];
};

/** Every named property of a schema, anywhere (definitions included), with where it sits. */
const properties = (schema: unknown, at: string): [string, Schema][] => {
  if (Array.isArray(schema)) return schema.flatMap((child, i) => properties(child, `${at}/${i}`));
  if (!isSchema(schema)) return [];
  return Object.entries(schema).flatMap(([key, child]) => {
    if (key === 'properties' && isSchema(child))
      return Object.entries(child).flatMap(([name, property]) => [
        ...(isSchema(property) ? [[`${at}/${name}`, property] as [string, Schema]] : []),
        ...properties(property, `${at}/${name}`),
      ]);
    return properties(child, `${at}/${key}`);
  });
};

const sideOf = (file: string, side: 'data' | 'pii'): Schema => {
  const schema = committed(file);
  return (schema['properties'] as Record<string, Schema>)[side] as Schema;
};

describe('field-level labels in the published event schemas', () => {
  it.each(EVENT_FILES)('%s labels every leaf of data and pii with its category from the registry', (file) => {
    const { type } = parseEventSchemaFile(file)!;
    const declaration = EVENT_SENSITIVITY[type]!;
    for (const side of ['data', 'pii'] as const) {
      const found = leaves(sideOf(file, side), committed(file), '').map(([path, leaf]) => ({
        side,
        path,
        label: leaf[SENSITIVITY_KEYWORD],
      }));
      const expected = found.map(({ path }) => ({ side, path, label: declaration[side][path] }));
      // Unlabelled or labelled other than the registry: regenerate (the labels come from …_SENSITIVITY only).
      expect(found).toEqual(expected);
      for (const { label } of found) expect(label).toBeDefined();
    }
  });

  it.each(EVENT_FILES)('%s flags exactly the free-form strings of FREE_FORM_DATA_FIELDS', (file) => {
    const { type } = parseEventSchemaFile(file)!;
    const all = leaves(sideOf(file, 'data'), committed(file), '');
    const flagged = all.filter(([, leaf]) => leaf[FREE_TEXT_KEYWORD] === true).map(([path]) => path);
    // A field a later version added (CaseReviewed v2's goalMeasures) is not in the earlier schemas.
    const paths = new Set(all.map(([path]) => path));
    const free = ((FREE_FORM_DATA_FIELDS as Readonly<Record<string, readonly string[]>>)[type] ?? []).filter(
      (path) => paths.has(path),
    );
    expect(flagged.sort()).toEqual([...free].sort());
    expect(
      leaves(sideOf(file, 'pii'), committed(file), '').filter(([, l]) => FREE_TEXT_KEYWORD in l),
    ).toEqual([]);
  });

  it('labels the ids of people and the words that can name them with their category', () => {
    const label = (file: string, path: string) =>
      Object.fromEntries(leaves(sideOf(file, 'data'), committed(file), ''))[path]?.[SENSITIVITY_KEYWORD];
    expect(label('events/ClientEngaged.v2.schema.json', 'clientId')).toBe('case_record');
    expect(label('events/ClientEngaged.v2.schema.json', 'caseManagerId')).toBe('case_record');
    expect(label('events/ContactRecorded.v1.schema.json', 'participants[].id')).toBe('services_referrals');
    expect(label('events/ClientDataErased.v1.schema.json', 'requestedBy')).toBe('case_record');
    expect(label('events/NeedAssessed.v1.schema.json', 'needs[].severity')).toEqual({
      byDomainAt: 'needs[].domain',
    });
    expect(label('events/AdvocacyActionRecorded.v1.schema.json', 'targetOrganisation')).toBe(
      'legal_immigration',
    );
  });

  it(
    'keeps frozen versions as published, with only descriptions and labels added (else ' + REGENERATE + ')',
    () => {
      const frozen = frozenSchemas(ROOT, generateSchemas(ROOT));
      expect(frozen.map(({ file }) => file).sort()).toEqual([
        'events/CaseReviewed.v1.schema.json',
        'events/CaseTerminated.v1.schema.json',
        'events/CaseTerminated.v2.schema.json',
        'events/CaseTransferred.v1.schema.json',
        'events/ClientEngaged.v1.schema.json',
        'events/ClosingRequested.v1.schema.json',
        'events/ContactRecorded.v1.schema.json',
        'events/NeedAssessed.v1.schema.json',
        'events/PlanAmended.v1.schema.json',
        'events/ReferralMade.v1.schema.json',
      ]);
      for (const { file, schema } of frozen) expect(committed(file)).toEqual(schema);
    },
    30_000,
  );
});

describe('descriptions and formats in the published schemas', () => {
  it.each(ALL_SCHEMA_FILES)('%s describes every property', (file) => {
    const undescribed = properties(committed(file), '')
      .filter(([, property]) => typeof property['description'] !== 'string' || property['description'] === '')
      .map(([at]) => at);
    expect(undescribed).toEqual([]);
  });

  /** A date or an instant by its name or its description. */
  const isDateLike = (at: string, property: Schema): boolean => {
    const name = at.split('/').at(-1) ?? '';
    const description = typeof property['description'] === 'string' ? property['description'] : '';
    const plainString = !('anyOf' in property) && !('enum' in property) && !('const' in property);
    return (
      /(Date|At|Until)$/.test(name) ||
      (/^(from|until)$/.test(name) && plainString) ||
      /YYYY-MM-DD|instant/.test(description)
    );
  };

  /** A frozen version keeps the constraints it was published with: its dates have their format, not the later pattern. */
  const current = new Set(generateSchemas(ROOT).map(({ file }) => file));

  it.each(ALL_SCHEMA_FILES)('%s gives every date its format and every instant its pattern', (file) => {
    const wrong = properties(committed(file), '')
      .filter(([at, property]) => isDateLike(at, property))
      .filter(
        ([, p]) =>
          !(p['format'] === 'date' && (p['pattern'] === CALENDAR_DATE_PATTERN || !current.has(file))) &&
          p['pattern'] !== ISO_INSTANT.source,
      )
      .map(([at]) => at);
    expect(wrong).toEqual([]);
  });

  it.each(ALL_SCHEMA_FILES)('%s makes every count, number of order and version an integer', (file) => {
    const wrong = properties(committed(file), '')
      .filter(([at]) => /(Number|Version|Minutes|Position|Count)$/.test(at.split('/').at(-1) ?? ''))
      // A number of that name (`caseNumber` is a string, a pinned `schemaVersion` a const).
      .filter(([, p]) => p['type'] === 'number' || (Array.isArray(p['type']) && p['type'].includes('number')))
      .map(([at]) => at);
    expect(wrong).toEqual([]);
  });

  it('refuses a revised goal due "next tuesday" and an amendment number of 1.5', () => {
    const example = committed(eventExampleFile('PlanAmended', 1)) as unknown as CaseEventMessage;
    const data = example.data as { goalsRevised: Record<string, unknown>[]; amendmentNumber: number };
    const withData = (change: Partial<typeof data>) => ({ ...example, data: { ...data, ...change } });
    expect(validateCaseEventMessage(withData({ amendmentNumber: 1.5 }))).toMatchObject({ valid: false });
    expect(
      validateCaseEventMessage(
        withData({ goalsRevised: [{ goalId: 'goal-mood', dueDate: 'next tuesday' }] }),
      ),
    ).toMatchObject({ valid: false });
    expect(validateCaseEventMessage(example)).toEqual({ valid: true });
  });

  it('keeps a nullable count nullable when it makes it an integer: a contact of no recorded duration', () => {
    const example = committed(eventExampleFile('ContactRecorded', 1)) as unknown as CaseEventMessage;
    const withDuration = (durationMinutes: unknown) => ({
      ...example,
      data: { ...(example.data as Record<string, unknown>), durationMinutes },
    });
    expect(validateCaseEventMessage(withDuration(null))).toEqual({ valid: true });
    expect(validateCaseEventMessage(withDuration(45))).toEqual({ valid: true });
    expect(validateCaseEventMessage(withDuration(1.5))).toMatchObject({ valid: false });
  });
});

describe('the published example messages', () => {
  let fresh: GeneratedExample[];
  beforeAll(async () => {
    fresh = await generateExamples();
  });

  it(`are what the samples generate, one per published event schema (else ${REGENERATE})`, () => {
    expect(fresh.map(({ file }) => file).sort()).toEqual(
      EVENT_SCHEMAS.map(({ type, schemaVersion }) => eventExampleFile(type, schemaVersion)).sort(),
    );
    for (const { file, message } of fresh) expect(committed(file)).toEqual(message);
  });

  /** Any consumer's reading: the published files alone, format checking on, the labels known as annotations. */
  const consumerAjv = () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
    return ajv;
  };

  it.each(EVENT_SCHEMAS.map(({ type, schemaVersion }) => eventExampleFile(type, schemaVersion)))(
    '%s is valid against the envelope and its event schema, its pii once opened',
    (file) => {
      const message = committed(file) as unknown as CaseEventMessage;
      const ajv = consumerAjv();
      const envelope = ajv.compile(ENVELOPE_SCHEMA);
      expect(envelope(message) ? [] : envelope.errors).toEqual([]);
      const entry = EVENT_SCHEMAS.find((e) => eventExampleFile(e.type, e.schemaVersion) === file)!;
      const event = ajv.compile(entry.schema);
      const opened = { ...message, pii: openSample(message.eventId, message.pii) };
      expect(event(opened) ? [] : event.errors).toEqual([]);
      expect(validateCaseEventMessage(message)).toEqual({ valid: true });
      expect(validateOpenedPii(message, opened.pii)).toEqual({ valid: true });
    },
  );

  it('include a partner feed message valid against its schema, format checking on', () => {
    const validate = consumerAjv().compile(PARTNER_FEED_MESSAGE_SCHEMA);
    const example = committed('examples/partner-feed-message.example.json');
    expect(validate(example) ? [] : validate.errors).toEqual([]);
  });
});
