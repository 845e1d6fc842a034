/**
 * What the AsyncAPI document promises a team going to production: topic names as parameters with
 * the deployment defaults, a production server with its Kafka security, both dead-letter topics,
 * and an example message per event type at its current version. (`libs/contracts/src/schemas.unit.spec.ts`
 * and `partner-feed-message.unit.spec.ts` hold it to the schemas and check that every `$ref` resolves.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACCESS_EVENT_SCHEMA_VERSION,
  ACCESS_EVENT_TYPES,
  CASE_EVENT_SCHEMA_VERSION,
  CASE_EVENT_TYPES,
} from '@casetrail/domain';
import { validateCaseEventMessage } from '@casetrail/contracts';
import { deadLetterTopic } from '@casetrail/messaging';
import { loadConfig } from '../../libs/platform/src/config';

const CONTRACTS = join(__dirname, '../../libs/contracts');
const asyncapi = readFileSync(join(CONTRACTS, 'asyncapi.yaml'), 'utf8');
const { topic, accessTopic } = loadConfig({}).kafka;

/** The lines of one top-level section's entry (`channels` > `caseEvents`), up to the next entry. */
const entry = (section: string, name: string): string => {
  const body = new RegExp(`^${section}:\\n([\\s\\S]*?)(?=^\\S|(?![\\s\\S]))`, 'm').exec(asyncapi)?.[1] ?? '';
  return new RegExp(`^  ${name}:\\n([\\s\\S]*?)(?=^  \\S|(?![\\s\\S]))`, 'm').exec(body)?.[1] ?? '';
};

/** The channel's address with each parameter replaced by its declared default. */
const defaultAddress = (channel: string): string => {
  const block = entry('channels', channel);
  const address = /^ {4}address: '?([^'\n]+)'?$/m.exec(block)?.[1] ?? '';
  return address.replace(/\{([^}]+)\}/g, (_placeholder, name: string) => {
    const fallback = new RegExp(`^ {6}${name}:\\n(?: {8}.*\\n)*? {8}default: (\\S+)$`, 'm').exec(block)?.[1];
    return fallback ?? `{${name}}`;
  });
};

describe('the AsyncAPI document, for production', () => {
  it.each([
    ['caseEvents', topic],
    ['caseEventsDeadLetter', deadLetterTopic(topic)],
    ['accessEvents', accessTopic],
    ['accessEventsDeadLetter', deadLetterTopic(accessTopic)],
  ])('parameterizes the %s address, its defaults giving the configured default topic', (channel, name) => {
    expect(entry('channels', channel)).toMatch(/^ {4}address: '[^']*\{[A-Za-z]+\}[^']*'$/m);
    expect(defaultAddress(channel)).toBe(name);
  });

  it("gives the partner feeds' topic parameter the case-events default", () => {
    expect(defaultAddress('partnerFeed')).toBe(`${topic}.partner.{partnerId}`);
  });

  it('describes a production server on SASL_SSL with SCRAM-SHA-512, as a security scheme', () => {
    const production = entry('servers', 'production');
    expect(production).toContain('protocol: kafka-secure\n');
    expect(production).toContain('SASL_SSL');
    expect(production).toContain("$ref: '#/components/securitySchemes/saslScram'");
    expect(asyncapi).toMatch(/^ {2}securitySchemes:\n {4}saslScram:\n {6}type: scramSha512$/m);
    expect(entry('servers', 'local')).toContain('protocol: kafka\n');
  });

  it('sends dead letters of both topics with the headers saying why', () => {
    for (const channel of ['caseEventsDeadLetter', 'accessEventsDeadLetter']) {
      expect(entry('channels', channel)).toContain("$ref: '#/components/messages/DeadLetter'");
    }
    expect(entry('operations', 'deadLetterAccessEvents')).toContain(
      "$ref: '#/channels/accessEventsDeadLetter'",
    );
    expect(entry('components', 'messages')).toContain("$ref: '#/components/schemas/DeadLetterHeaders'");
  });

  const current = [
    ...CASE_EVENT_TYPES.map((type) => [type, CASE_EVENT_SCHEMA_VERSION[type]] as const),
    ...ACCESS_EVENT_TYPES.map((type) => [type, ACCESS_EVENT_SCHEMA_VERSION[type]] as const),
  ];

  it.each(current)('gives %s an example at its current version %i, named by the rule', (type, version) => {
    const file = `schemas/examples/${type}.v${version}.example.json`;
    const message = new RegExp(`^ {4}${type}:\\n([\\s\\S]*?)(?=^ {4}\\S|(?![\\s\\S]))`, 'm').exec(
      entry('components', 'messages'),
    )?.[1];
    expect(message).toContain(`            $ref: './${file}'\n`);
    // The examples are generated with the schemas (libs/contracts/scripts): each referenced one
    // must exist and be a valid message of its type and version.
    const path = join(CONTRACTS, file);
    expect(existsSync(path)).toBe(true);
    const example = JSON.parse(readFileSync(path, 'utf8')) as { type: string; schemaVersion: number };
    expect({ type: example.type, schemaVersion: example.schemaVersion }).toEqual({
      type,
      schemaVersion: version,
    });
    expect(validateCaseEventMessage(example)).toEqual({ valid: true });
  });
});
