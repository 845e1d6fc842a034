import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACCESS_EVENT_SCHEMA_VERSION,
  ACCESS_EVENT_SENSITIVITY,
  ASSESSMENT_DOMAIN_CATEGORY,
  CASE_EVENT_SCHEMA_VERSION,
  CASE_EVENT_SENSITIVITY,
  CLIENT_FREE_TEXT,
  INFORMATION_CATEGORIES,
  resolveCategory,
  type AssessmentDomain,
  type EventSensitivity,
  type NeedAssessed,
  type PlanAmended,
} from '@casetrail/domain';
import {
  eventSchemaFilesOnDisk,
  sensitivityDocument,
  SCHEMAS_DIR,
  SENSITIVITY_FILE,
  type JsonObject,
} from '../scripts/generate-schemas';
import { eventLeafPaths } from './schema-leaf-paths';
import { eventSchemaFile } from './schema-files';

const ROOT = join(__dirname, '../../..');
const committed = (file: string): JsonObject =>
  JSON.parse(readFileSync(join(ROOT, SCHEMAS_DIR, file), 'utf8')) as JsonObject;

const CURRENT: ReadonlyArray<readonly [string, number, EventSensitivity]> = [
  ...Object.entries(CASE_EVENT_SCHEMA_VERSION).map(
    ([type, version]) =>
      [type, version, CASE_EVENT_SENSITIVITY[type as keyof typeof CASE_EVENT_SENSITIVITY]] as const,
  ),
  ...Object.entries(ACCESS_EVENT_SCHEMA_VERSION).map(
    ([type, version]) =>
      [type, version, ACCESS_EVENT_SENSITIVITY[type as keyof typeof ACCESS_EVENT_SENSITIVITY]] as const,
  ),
];

describe('the sensitivity declarations against the published event schemas', () => {
  describe.each(CURRENT)('%s v%i', (type, version, declaration) => {
    const schema = committed(eventSchemaFile(type, version));

    it.each(['data', 'pii'] as const)(
      'give every leaf of %s a category, and name no field the schema lacks',
      (side) => {
        // Sorted lists, so that a failure shows the drifted path on either side.
        expect(Object.keys(declaration[side]).sort()).toEqual(eventLeafPaths(schema, side).sort());
      },
    );

    it('point each `byDomainAt` at a declared domain field of the same list item (or of the event, outside lists)', () => {
      for (const side of ['data', 'pii'] as const) {
        for (const [path, category] of Object.entries(declaration[side])) {
          if (typeof category === 'string') continue;
          expect(declaration[side][category.byDomainAt]).toEqual({ byDomainAt: category.byDomainAt });
          if (category.byDomainAt.includes('[]')) {
            const list = category.byDomainAt.slice(0, category.byDomainAt.lastIndexOf('[]') + 2);
            expect(path.startsWith(list)).toBe(true);
          } else {
            // An event about one item (NeedIdentified) names its domain at the top: no list field may use it.
            expect(path.includes('[]')).toBe(false);
          }
        }
      }
    });
  });

  it('are published as committed in schemas/sensitivity.json (run `npm run contracts:generate`)', () => {
    const schemas = new Map(eventSchemaFilesOnDisk(ROOT).map((file) => [file, committed(file)]));
    expect(committed(SENSITIVITY_FILE)).toEqual(sensitivityDocument(schemas));
  });

  it('publish every category with a description and every assessment domain', () => {
    const document = committed(SENSITIVITY_FILE) as unknown as {
      categories: { category: string; description: string }[];
      assessmentDomains: Record<string, string>;
    };
    expect(document.categories.map(({ category }) => category)).toEqual([...INFORMATION_CATEGORIES]);
    expect(document.categories.every(({ description }) => description.length > 0)).toBe(true);
    expect(document.assessmentDomains).toEqual(ASSESSMENT_DOMAIN_CATEGORY);
  });
});

/** The categories of a list's fields in one event, each item resolved through its own domain. */
const resolvedItems = <T extends object>(
  declaration: EventSensitivity['data'],
  list: string,
  items: readonly T[],
): { path: string; category: string }[] =>
  items.flatMap((item) =>
    Object.entries(declaration)
      .filter(([path]) => path.startsWith(`${list}[].`))
      .map(([path, declared]) => ({
        path,
        category: resolveCategory(
          declared,
          (at) => (item as Record<string, unknown>)[at.slice(`${list}[].`.length)] as AssessmentDomain,
        ),
      })),
  );

describe('substance-use assessment information', () => {
  const assessed: NeedAssessed['data'] = {
    assessmentId: 'assessment-1',
    kind: 'initial',
    needs: [{ needId: 'need-1', domain: 'substance_use', category: 'substance_use', severity: 'high' }],
    strengths: [{ strengthId: 'strength-1', domain: 'substance_use', category: 'substance_use' }],
    scores: [{ tool: 'AUDIT', score: 22, maxScore: 40 }],
  };

  it('resolves to substance_use for a need, its severity and a strength in that domain', () => {
    const data = CASE_EVENT_SENSITIVITY.NeedAssessed.data;
    expect(resolvedItems(data, 'needs', assessed.needs)).toEqual([
      { path: 'needs[].needId', category: 'case_record' },
      { path: 'needs[].domain', category: 'substance_use' },
      { path: 'needs[].category', category: 'substance_use' },
      { path: 'needs[].severity', category: 'substance_use' },
      // Which household member it concerns (NeedAssessed v2) is an id of the record.
      { path: 'needs[].memberId', category: 'case_record' },
    ]);
    expect(resolvedItems(data, 'strengths', assessed.strengths)).toEqual([
      { path: 'strengths[].strengthId', category: 'case_record' },
      { path: 'strengths[].domain', category: 'substance_use' },
      { path: 'strengths[].category', category: 'substance_use' },
    ]);
  });

  it('keeps screening scores, which name no domain, at substance_use', () => {
    const data = CASE_EVENT_SENSITIVITY.NeedAssessed.data;
    expect(resolvedItems(data, 'scores', assessed.scores).map(({ category }) => category)).toEqual([
      'substance_use',
      'substance_use',
      'substance_use',
    ]);
  });

  it("resolves a goal's domain and target to substance_use, and another domain's to its own", () => {
    const goals: PlanAmended['data']['goalsAdded'] = [
      {
        goalId: 'goal-1',
        domain: 'substance_use',
        category: 'substance_use',
        needIds: ['need-1'],
        target: { metric: 'days without use', value: 30, unit: 'days' },
        dueDate: '2026-03-01',
        milestones: [],
      },
      {
        goalId: 'goal-2',
        domain: 'housing',
        category: 'housing',
        needIds: [],
        target: { metric: 'tenancy signed', value: 1, unit: 'tenancy' },
        dueDate: '2026-03-01',
        milestones: [],
      },
    ];
    const resolved = resolvedItems(CASE_EVENT_SENSITIVITY.PlanAmended.data, 'goalsAdded', goals);
    const clinical = ['goalsAdded[].domain', 'goalsAdded[].target.metric', 'goalsAdded[].target.value'];
    expect(resolved.filter(({ path }) => clinical.includes(path)).map(({ category }) => category)).toEqual([
      'substance_use',
      'substance_use',
      'substance_use',
      'housing',
      'housing',
      'housing',
    ]);
  });

  it('is never declassified in free text: every pii string of every event is the free-text category', () => {
    // The client's identity and contact details are the only pii that is not free text.
    const freeText = Object.values(CASE_EVENT_SENSITIVITY).flatMap(({ pii }) =>
      Object.entries(pii).filter(([path]) => !path.startsWith('client.')),
    );
    expect(freeText.length).toBeGreaterThan(0);
    for (const [, category] of freeText) expect(category).toBe(CLIENT_FREE_TEXT);
    expect(CLIENT_FREE_TEXT).toBe('substance_use');
  });
});
