import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { caseDecider, ISO_INSTANT, partnerDisclosures, type CaseEvent } from '@casetrail/domain';
import { caseEvent, clientEngaged, CONSENT_GRANTED_AT } from '@casetrail/domain/testing';
import type { PartnerFeedMessage } from './partner-feed-message';
import { PARTNER_FEED_MESSAGE_SCHEMA_FILE } from './schema-files';
import { PARTNER_FEED_MESSAGE_SCHEMA } from './schema-manifest.generated';

const CONTRACTS = join(__dirname, '..');
const ASYNCAPI_FILE = join(CONTRACTS, 'asyncapi.yaml');
const EXAMPLE_FILE = 'schemas/examples/partner-feed-message.example.json';

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8')) as unknown;
const example = readJson(join(CONTRACTS, EXAMPLE_FILE)) as PartnerFeedMessage;

const validator = () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  return ajv.compile(PARTNER_FEED_MESSAGE_SCHEMA);
};

describe('the partner feed message schema', () => {
  const validate = validator();

  it('is the committed file, draft 2020-12, and names itself', () => {
    expect(readJson(join(CONTRACTS, 'schemas', PARTNER_FEED_MESSAGE_SCHEMA_FILE))).toEqual(
      PARTNER_FEED_MESSAGE_SCHEMA,
    );
    expect(PARTNER_FEED_MESSAGE_SCHEMA['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(PARTNER_FEED_MESSAGE_SCHEMA['$id']).toBe(
      `https://contracts.casetrail.example/schemas/${PARTNER_FEED_MESSAGE_SCHEMA_FILE}`,
    );
  });

  it("holds the domain's instant pattern for every instant (the annotation cannot import it)", () => {
    const defs = PARTNER_FEED_MESSAGE_SCHEMA['$defs'] as Record<
      string,
      { properties: Record<string, { pattern?: string }> }
    >;
    expect(defs['PartnerFeedEventRef']?.properties['occurredAt']?.pattern).toBe(ISO_INSTANT.source);
    expect(defs['PartnerFeedEventRef']?.properties['recordedAt']?.pattern).toBe(ISO_INSTANT.source);
    expect(defs['PartnerConsentNotice']?.properties['effectiveAt']?.pattern).toBe(ISO_INSTANT.source);
  });

  it('accepts the published example', () => {
    expect(validate(example) ? [] : validate.errors).toEqual([]);
  });

  it('accepts a consent notice, and a disclosure with pii sealed to the partner', () => {
    const notice: PartnerFeedMessage = {
      ...example,
      kind: 'consent-notice',
      categories: [],
      fields: [],
      data: {},
      notice: {
        consentId: 'consent-housing',
        change: 'revoked',
        effectiveAt: '2025-03-08T10:00:00.000Z',
        categories: [],
        until: null,
      },
    };
    expect(validate(notice) ? [] : validate.errors).toEqual([]);
    const sealed = {
      ...example,
      pii: { sealed: 1, alg: 'A256GCM', kid: 'partner/partner-housing', iv: 'aXY', ct: 'Y3Q' },
    };
    expect(validate(sealed) ? [] : validate.errors).toEqual([]);
  });

  it('refuses opened pii, a category nobody declared, and a zoneless instant', () => {
    expect(validate({ ...example, pii: { summary: 'plain text' } })).toBe(false);
    expect(validate({ ...example, categories: ['everything'] })).toBe(false);
    expect(validate({ ...example, event: { ...example.event, occurredAt: '2025-03-03T14:00:00' } })).toBe(
      false,
    );
    expect(validate({ ...example, data: [] })).toBe(false);
  });

  it('shows what partnerDisclosures gives a partner consented to housing alone', () => {
    const grant = caseEvent('ConsentGranted', {
      data: {
        consentId: 'consent-housing',
        partnerId: 'partner-housing',
        categories: ['housing'],
        from: CONSENT_GRANTED_AT,
        until: null,
      },
    });
    const before = [clientEngaged, grant].reduce<ReturnType<typeof caseDecider.evolve>>(
      caseDecider.evolve,
      caseDecider.initialState,
    );
    // Housing and mental health needs, nothing else assessed: the partner gets the housing one.
    const event: CaseEvent = caseEvent('NeedAssessed', { data: { strengths: [], scores: [] } });
    const outcome = partnerDisclosures(
      before,
      event,
      caseDecider.evolve(before, event),
      example.event.recordedAt,
      {
        programCategory: () => null,
      },
    );
    expect(outcome.disclosures).toHaveLength(1);
    const [disclosure] = outcome.disclosures;
    expect({
      partnerId: disclosure!.partnerId,
      consentIds: disclosure!.consentIds,
      categories: disclosure!.categories,
      fields: disclosure!.fields.map((f) => `${f.part}.${f.path}`),
      data: disclosure!.data,
      pii: Object.keys(disclosure!.pii).length === 0 ? null : 'sealed',
      occurredAt: event.occurredAt,
      type: event.type,
    }).toEqual({
      partnerId: example.partnerId,
      consentIds: example.consentIds,
      categories: example.categories,
      fields: example.fields,
      data: example.data,
      pii: example.pii,
      occurredAt: example.event.occurredAt,
      type: example.event.type,
    });
  });
});

/** The keys of a YAML document, by nesting: enough to resolve `#/…` pointers without a YAML parser. */
type KeyTree = Map<string, KeyTree>;

const keyTree = (text: string): KeyTree => {
  const root: KeyTree = new Map();
  const stack: { indent: number; node: KeyTree }[] = [{ indent: -1, node: root }];
  let scalarIndent: number | null = null;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (scalarIndent !== null && indent > scalarIndent) continue;
    scalarIndent = null;
    while (stack.length > 1 && stack.at(-1)!.indent >= indent) stack.pop();
    const parent = stack.at(-1)!.node;
    if (line.trimStart().startsWith('- ')) {
      // A list item: its keys are not addressed by the pointers this document uses.
      stack.push({ indent, node: new Map() });
      continue;
    }
    const match = /^\s*([A-Za-z0-9_.$-]+):(?:\s+(.*))?$/.exec(line);
    if (!match) continue;
    const node: KeyTree = new Map();
    parent.set(match[1]!, node);
    stack.push({ indent, node });
    if (match[2] !== undefined && /^[>|][-+]?$/.test(match[2].trim())) scalarIndent = indent;
  }
  return root;
};

const unescape = (token: string): string => decodeURIComponent(token).replace(/~1/g, '/').replace(/~0/g, '~');

const inTree = (tree: KeyTree, pointer: string): boolean => {
  let node: KeyTree | undefined = tree;
  for (const token of pointer.split('/').slice(1)) node = node?.get(unescape(token));
  return node !== undefined;
};

const inJson = (value: unknown, pointer: string): boolean => {
  let node: unknown = value;
  for (const token of pointer.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, unescape(token))) return false;
    node = (node as Record<string, unknown>)[unescape(token)];
  }
  return true;
};

describe('the AsyncAPI document, for partner feeds', () => {
  const asyncapi = readFileSync(ASYNCAPI_FILE, 'utf8');
  const tree = keyTree(asyncapi);
  const refs = [...asyncapi.matchAll(/\$ref:\s*['"]?([^'"\s]+)['"]?/g)].map((m) => m[1]!);

  it('resolves every $ref, to this document or to a file beside it', () => {
    expect(refs.length).toBeGreaterThan(50);
    const unresolved = refs.filter((ref) => {
      const [file, pointer = ''] = ref.split('#');
      if (file === '') return !inTree(tree, pointer);
      const path = join(dirname(ASYNCAPI_FILE), file!);
      return !existsSync(path) || !inJson(readJson(path), pointer);
    });
    expect(unresolved).toEqual([]);
  });

  it('names a parameter for every placeholder of every channel address', () => {
    const channels = tree.get('channels')!;
    for (const [name, channel] of channels) {
      const address = new RegExp(`^  ${name}:\\n    address: '?([^'\\n]+)'?$`, 'm').exec(asyncapi)?.[1] ?? '';
      for (const [, parameter] of address.matchAll(/\{([^}]+)\}/g)) {
        expect({ channel: name, parameter, declared: channel.get('parameters')?.has(parameter!) }).toEqual({
          channel: name,
          parameter,
          declared: true,
        });
      }
    }
  });

  it('describes the partner feed: one topic per partner, its message, schema and example', () => {
    expect(asyncapi).toContain(`    address: '{topic}.partner.{partnerId}'\n`);
    expect(inTree(tree, '/channels/partnerFeed/parameters/topic')).toBe(true);
    expect(inTree(tree, '/channels/partnerFeed/parameters/partnerId')).toBe(true);
    expect(refs).toEqual(
      expect.arrayContaining([
        '#/components/messages/PartnerFeedMessage',
        '#/channels/partnerFeed',
        '#/channels/partnerFeed/messages/PartnerFeedMessage',
        `./schemas/${PARTNER_FEED_MESSAGE_SCHEMA_FILE}`,
        `./${EXAMPLE_FILE}`,
      ]),
    );
    expect(asyncapi).toMatch(/ACLs?/);
  });
});
