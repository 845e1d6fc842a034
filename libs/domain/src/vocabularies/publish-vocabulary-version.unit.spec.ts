import { specFor } from '../shared/testing';
import type { CommandMetadata } from '../shared/metadata';
import { isCaseStream, isPublishedStream, streamFamilyOf } from '../shared/streams';
import { ASSESSMENT_DOMAIN_CATEGORY } from '../cases/sensitivity';
import { ASSESSMENT_DOMAINS, CLOSING_REASONS, CONTACT_TYPES, SERVICE_TYPES } from '../cases/vocabularies';
import { vocabularyDecider, type PublishVocabularyVersion } from './publish-vocabulary-version';
import { requireCode } from './vocabulary-catalog';
import {
  BUILT_IN_VOCABULARIES,
  SERVICE_TYPE_CATEGORY,
  vocabularyStreamId,
  type VocabularyCatalog,
  type VocabularyCode,
  type VocabularyKind,
} from './vocabulary-kinds';
import type { VocabularyVersionPublished } from './vocabulary-version-published.event';

const metadata: CommandMetadata = {
  recordedAt: '2026-03-02T10:00:00Z',
  actor: { id: 'admin-1', role: 'administrator' },
  correlationId: 'c-1',
  causationId: 'k-1',
  timeZone: 'UTC',
};

const spec = specFor(vocabularyDecider);

const publish = (
  kind: VocabularyKind,
  expectedVersion: number,
  codes: readonly VocabularyCode[],
): PublishVocabularyVersion => ({
  type: 'PublishVocabularyVersion',
  kind,
  data: { expectedVersion, codes },
  metadata,
});

const published = (
  kind: VocabularyKind,
  version: number,
  codes: readonly VocabularyCode[],
): VocabularyVersionPublished => ({
  type: 'VocabularyVersionPublished',
  occurredAt: metadata.recordedAt,
  data: { kind, version, codes },
  pii: {},
});

const defaults = (kind: VocabularyKind) => BUILT_IN_VOCABULARIES[kind].codes;
const interpreting: VocabularyCode = {
  code: 'interpreting',
  label: 'Interpreting',
  category: 'services_referrals',
};

describe('Publishing a version of an agency vocabulary', () => {
  it('publishes version 1 over the built-in defaults (version 0)', () => {
    const codes = [...defaults('service_type'), interpreting];
    spec([])
      .when(publish('service_type', 0, codes))
      .then([published('service_type', 1, codes)]);
  });

  it('publishes the previous version + 1', () => {
    const v1 = [...defaults('contact_type'), { code: 'text_message', label: 'Text message' }];
    const v2 = [...v1, { code: 'outreach_walk', label: 'Street outreach' }];
    spec([published('contact_type', 1, v1)])
      .when(publish('contact_type', 1, v2))
      .then([published('contact_type', 2, v2)]);
  });

  it('refuses a stale expectedVersion', () => {
    const v1 = defaults('closing_reason');
    spec([published('closing_reason', 1, v1)])
      .when(publish('closing_reason', 0, v1))
      .thenFails('VOCABULARY_VERSION_NOT_NEXT');
  });

  it('never removes a code: history uses it', () => {
    spec([])
      .when(publish('closing_reason', 0, defaults('closing_reason').slice(1)))
      .thenFails('VOCABULARY_CODE_REMOVED');
  });

  it('retires a code instead, and keeps it listed', () => {
    const codes = defaults('closing_reason').map((code) =>
      code.code === 'lost_contact' ? { ...code, retired: true } : code,
    );
    spec([])
      .when(publish('closing_reason', 0, codes))
      .then([published('closing_reason', 1, codes)]);
  });

  it("never changes a code's consent category", () => {
    const codes = defaults('service_type').map((code) =>
      code.code === 'counseling' ? { ...code, category: 'services_referrals' as const } : code,
    );
    spec([])
      .when(publish('service_type', 0, codes))
      .thenFails('VOCABULARY_CATEGORY_CHANGED');
  });

  it('requires a consent category on service types and need domains, and none on the other kinds', () => {
    spec([])
      .when(
        publish('need_domain', 0, [
          ...defaults('need_domain'),
          { code: 'digital_access', label: 'Digital access' },
        ]),
      )
      .thenFails('VOCABULARY_CATEGORY_REQUIRED');
    spec([])
      .when(
        publish('contact_type', 0, [
          ...defaults('contact_type'),
          { code: 'sms', label: 'SMS', category: 'safety' },
        ]),
      )
      .thenFails('VOCABULARY_CATEGORY_NOT_ALLOWED');
  });

  it.each(['A_code', 'x', '1abc', 'with-dash', `a${'b'.repeat(49)}`])('refuses the code %s', (code) => {
    spec([])
      .when(publish('contact_type', 0, [...defaults('contact_type'), { code, label: 'Some label' }]))
      .thenFails('INVALID_VOCABULARY_CODE');
  });

  it('requires a non-empty label', () => {
    spec([])
      .when(publish('contact_type', 0, [...defaults('contact_type'), { code: 'sms', label: '  ' }]))
      .thenFails('VOCABULARY_LABEL_REQUIRED');
  });

  it('refuses a code listed twice and an empty list', () => {
    spec([])
      .when(publish('contact_type', 0, [...defaults('contact_type'), defaults('contact_type')[0]!]))
      .thenFails('DUPLICATE_VOCABULARY_CODE');
    spec([])
      .when(publish('contact_type', 0, []))
      .thenFails('VOCABULARY_EMPTY');
  });
});

describe('The built-in vocabularies (version 0)', () => {
  const codes = (kind: VocabularyKind) => defaults(kind).map((code) => code.code);

  it("hold today's lists and what the cases showed missing", () => {
    expect(codes('service_type')).toEqual(
      expect.arrayContaining([
        ...SERVICE_TYPES,
        'shelter',
        'esl_education',
        'school_enrolment',
        'immigration_assistance',
      ]),
    );
    expect(codes('need_domain')).toEqual(
      expect.arrayContaining([
        ...ASSESSMENT_DOMAINS,
        'childcare',
        'transportation',
        'immigration',
        'language_esl',
      ]),
    );
    expect(codes('closing_reason')).toEqual([...CLOSING_REASONS]);
    expect(codes('contact_type')).toEqual([...CONTACT_TYPES]);
  });

  it("keep today's consent categories; immigration is legal", () => {
    for (const type of SERVICE_TYPES)
      expect(defaults('service_type').find((c) => c.code === type)?.category).toBe(
        SERVICE_TYPE_CATEGORY[type],
      );
    for (const domain of ASSESSMENT_DOMAINS)
      expect(defaults('need_domain').find((c) => c.code === domain)?.category).toBe(
        ASSESSMENT_DOMAIN_CATEGORY[domain],
      );
    expect(defaults('need_domain').find((c) => c.code === 'immigration')?.category).toBe('legal_immigration');
  });

  it('are valid as a version 1 would be', () => {
    for (const kind of Object.keys(BUILT_IN_VOCABULARIES) as VocabularyKind[])
      spec([])
        .when(publish(kind, 0, defaults(kind)))
        .then([published(kind, 1, defaults(kind))]);
  });
});

describe('A case command’s code', () => {
  const catalog: VocabularyCatalog = {
    ...BUILT_IN_VOCABULARIES,
    service_type: {
      kind: 'service_type',
      version: 3,
      codes: [
        ...defaults('service_type').filter((c) => c.code !== 'other'),
        { code: 'other', label: 'Other', category: 'services_referrals', retired: true },
        interpreting,
      ],
    },
  };

  it('is one in force, with its category', () => {
    expect(requireCode(catalog, 'service_type', 'interpreting', 'serviceType')).toEqual({
      code: 'interpreting',
      category: 'services_referrals',
    });
    expect(requireCode(undefined, 'service_type', 'shelter', 'serviceType')).toEqual({
      code: 'shelter',
      category: 'safety',
    });
  });

  it('is refused when unknown or retired, naming the field', () => {
    expect(() => requireCode(catalog, 'service_type', 'astrology', 'serviceType')).toThrow(
      expect.objectContaining({
        code: 'INVALID_VOCABULARY_VALUE',
        details: expect.objectContaining({ field: 'serviceType' }),
      }),
    );
    expect(() => requireCode(catalog, 'service_type', 'other', 'ongoingSupports[0].serviceType')).toThrow(
      expect.objectContaining({
        code: 'INVALID_VOCABULARY_VALUE',
        message: expect.stringContaining('retired'),
      }),
    );
  });
});

describe('Vocabulary streams', () => {
  it('are a family of their own: not a case, not published', () => {
    const id = vocabularyStreamId('need_domain');
    expect(id).toBe('agency-vocabulary-need_domain');
    expect(streamFamilyOf(id)).toBe('vocabulary');
    expect(isCaseStream(id)).toBe(false);
    expect(isPublishedStream(id)).toBe(false);
    expect(isPublishedStream('access-1')).toBe(true);
  });
});
