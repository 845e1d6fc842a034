import {
  ANNOTATION_KEYWORDS as SOURCE_ANNOTATIONS,
  SCHEMA_ID_BASE as SOURCE_ID_BASE,
  schemaId,
} from '../src/schema-files';
import { validateCaseEventMessage, validateOpenedPii as sourceValidateOpenedPii } from '../src/validate';
import { SAMPLE_EVENTS, sampleMessage } from '../src/testing/sample-messages';
import {
  ANNOTATION_KEYWORDS,
  SCHEMA_ID_BASE,
  schemaFiles,
  schemaPathForId,
  validate,
  validateOpenedPii,
} from './index';

// The package's entry cannot import the sources (it compiles alone), so it is held to them here.
describe("the package's entry point", () => {
  it("maps the generator's $ids to the files, and nothing else", () => {
    expect(SCHEMA_ID_BASE).toBe(SOURCE_ID_BASE);
    for (const { id, path } of schemaFiles()) expect(schemaPathForId(id)).toBe(path);
    expect(schemaPathForId(schemaId('../package.json'))).toBeUndefined();
    expect(schemaPathForId('https://elsewhere.example/schemas/envelope.v1.schema.json')).toBeUndefined();
  });

  const messages = Object.values(SAMPLE_EVENTS).map((event, index) => sampleMessage(event, index + 1));
  const contact = sampleMessage(SAMPLE_EVENTS.ContactRecorded, 2);
  const broken: unknown[] = [
    { ...contact, data: { ...(contact.data as Record<string, unknown>), durationMinutes: -1, extra: true } },
    { ...contact, recordedAt: '2025-13-45T99:00:00Z' },
    { ...contact, type: 'Unheard' },
    { ...contact, pii: null },
  ];

  it.each([...messages, ...broken].map((message, index) => [index, message]))(
    'gives the same verdict as validateCaseEventMessage (message %i)',
    (_index, message) => {
      expect(validate(message)).toEqual(validateCaseEventMessage(message));
    },
  );

  it('checks opened pii as validateOpenedPii does', () => {
    Object.values(SAMPLE_EVENTS).forEach((event, index) => {
      expect(validateOpenedPii(messages[index], event.pii)).toEqual({ valid: true });
      expect(validateOpenedPii(messages[index], { unexpected: 1 })).toEqual(
        sourceValidateOpenedPii(messages[index]!, { unexpected: 1 }),
      );
    });
  });

  it('knows the same annotation keywords as the generator writes', () => {
    expect([...ANNOTATION_KEYWORDS].sort()).toEqual([...SOURCE_ANNOTATIONS].sort());
  });
});
