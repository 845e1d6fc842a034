import {
  ADVOCACY_ACTION_TYPES,
  ALLOWED_VALUE_PATTERN,
  ADVOCACY_OUTCOMES,
  FORM_ATTACHMENTS,
  FORM_FIELD_TYPES,
  GOAL_OUTCOMES,
  GOAL_PROGRESS,
  PARTICIPANT_KINDS,
  REFERRAL_SOURCES,
  REFERRAL_STATUSES,
  SEVERITIES,
  VOCABULARY_CODE,
} from '@casetrail/domain';
import { routeTable } from '../access/route-table';
import { AppModule } from '../app.module';
import { CasesModule } from '../cases/cases.module';
import { ClientsModule } from '../clients/clients.module';
import { embeddedApi } from '../testing/api-harness';
import { DATE_PATTERN, ID_PATTERN, INSTANT_PATTERN } from './fields';
import {
  endpointsOf,
  fetchOpenApi,
  pathParameters,
  requestSchemaName,
  resolveSchema,
  schemaNameOf,
  servedRoutes,
  type OpenApiDocument,
  type OpenApiSchema,
} from '../../../../test/support/openapi';

/** Every command the API accepts, with the body schema it documents. */
const COMMANDS: Readonly<Record<string, string>> = {
  '/cases': 'EngageClientDto',
  '/cases/{caseId}/assignment': 'AssignCaseDto',
  '/cases/{caseId}/transfer': 'TransferCaseDto',
  '/cases/{caseId}/assessments': 'AssessNeedsDto',
  '/cases/{caseId}/plan/amendments': 'AmendPlanDto',
  '/cases/{caseId}/referrals': 'MakeReferralDto',
  '/cases/{caseId}/referrals/{referralId}/status': 'ChangeReferralStatusDto',
  '/cases/{caseId}/contacts': 'RecordContactDto',
  '/cases/{caseId}/contacts/{contactId}/corrections': 'CorrectCaseNoteDto',
  '/cases/{caseId}/goals/{goalId}/progress': 'RecordGoalProgressDto',
  '/cases/{caseId}/goals/{goalId}/achievement': 'AchieveGoalDto',
  '/cases/{caseId}/advocacy-actions': 'RecordAdvocacyActionDto',
  '/cases/{caseId}/reviews': 'ReviewCaseDto',
  '/cases/{caseId}/termination': 'TerminateCaseDto',
  '/cases/{caseId}/reopening': 'ReopenCaseDto',
};

const QUERIES = [
  '/cases/{caseId}',
  '/cases/{caseId}/events',
  '/caseloads',
  '/caseloads/unassigned',
  '/caseloads/{caseManagerId}',
];

const ID_RULE = { type: 'string', minLength: 1, maxLength: 128, pattern: ID_PATTERN.source };
const DATE_RULE = { type: 'string', format: 'date', pattern: DATE_PATTERN.source };
const INSTANT_RULE = { type: 'string', format: 'date-time', pattern: INSTANT_PATTERN.source };

/** The reference a property makes, bare or (carrying other keywords) as its one `allOf`. */
const refOf = (schema: OpenApiSchema): string | undefined => schema.$ref ?? schema.allOf?.[0]?.$ref;

/** Every `$ref` anywhere in the document, with where it was found. */
const refsIn = (value: unknown, at = '#'): { at: string; ref: string }[] => {
  if (Array.isArray(value)) return value.flatMap((item, index) => refsIn(item, `${at}/${index}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' && typeof child === 'string' ? [{ at, ref: child }] : refsIn(child, `${at}/${key}`),
  );
};

describe('the OpenAPI document', () => {
  const caseApi = embeddedApi();
  let document: OpenApiDocument;

  beforeAll(async () => {
    document = await fetchOpenApi(caseApi.url);
  });

  const schemas = (): Readonly<Record<string, OpenApiSchema>> => document.components?.schemas ?? {};
  const schema = (name: string): OpenApiSchema => {
    const found = schemas()[name];
    if (found === undefined) throw new Error(`components.schemas has no ${name}`);
    return found;
  };
  const property = (name: string, field: string): OpenApiSchema => {
    const found = schema(name).properties?.[field];
    if (found === undefined) throw new Error(`${name} has no property ${field}`);
    return found;
  };

  it('is served as JSON at /docs/json, with Swagger UI as HTML at /docs', async () => {
    const json = await fetch(`${caseApi.url}/docs/json`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expect(document.openapi).toMatch(/^3\./);

    const html = await fetch(`${caseApi.url}/docs`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await html.text();
    expect(page).toContain('<html');
    expect(page).toContain('swagger-ui');
  });

  it('lists every route the app serves, and no route it does not serve', () => {
    const documented = endpointsOf(document).map(({ method, path }) => `${method} ${path}`);
    const served = servedRoutes(caseApi.app);
    expect(served.length).toBeGreaterThanOrEqual(Object.keys(COMMANDS).length + QUERIES.length);
    expect([...documented].sort()).toEqual([...new Set(served)].sort());
  });

  it('lists all 15 commands as POST routes and the case and caseload queries as GET routes', () => {
    const posts = endpointsOf(document, 'POST').map(({ path }) => path);
    expect(Object.keys(COMMANDS)).toHaveLength(15);
    expect(posts).toEqual(expect.arrayContaining(Object.keys(COMMANDS)));
    const gets = endpointsOf(document, 'GET').map(({ path }) => path);
    expect(gets).toEqual(expect.arrayContaining(QUERIES));
  });

  it('gives every command a required JSON body whose schema is in components.schemas', () => {
    for (const { path, operation } of endpointsOf(document, 'POST')) {
      const where = `POST ${path}`;
      expect({ where, required: operation.requestBody?.required }).toEqual({ where, required: true });
      const name = requestSchemaName(operation);
      expect({ where, name: typeof name }).toEqual({ where, name: 'string' });
      if (COMMANDS[path] !== undefined) expect({ where, name }).toEqual({ where, name: COMMANDS[path] });
      const body = schema(name!);
      expect({ where, type: body.type }).toEqual({ where, type: 'object' });
      expect(Object.keys(body.properties ?? {}).length).toBeGreaterThan(0);
      if (!path.startsWith('/cases')) continue;
      expect({ where, created: operation.responses?.['201'] }).toEqual({
        where,
        created: expect.anything(),
      });
    }
  });

  it('documents the client routes with answers of their own, not a case command’s', () => {
    const answer = (path: string, status: string) =>
      (
        document.paths[path]?.post?.responses?.[status] as
          { content?: Record<string, { schema?: OpenApiSchema }> } | undefined
      )?.content?.['application/json']?.schema;
    const erasure = '/clients/{clientId}/erasure';
    expect(answer(erasure, '201')).toEqual({ $ref: '#/components/schemas/ErasureReceipt' });
    expect(answer(erasure, '200')).toEqual({ $ref: '#/components/schemas/ErasureReceipt' });
    expect(requestSchemaName(document.paths[erasure]!.post!)).toBe('EraseClientDto');
    expect(property('EraseClientDto', 'requestedBy').enum).toEqual([
      'data_subject',
      'legal_representative',
      'court_order',
      'supervisory_authority',
      'agency',
    ]);
    expect(answer('/clients/search', '200')).toEqual({ $ref: '#/components/schemas/ClientMatches' });
    expect(document.paths['/clients/search']?.post?.responses?.['201']).toBeUndefined();
    expect(document.paths[erasure]?.post?.responses?.['404']).toMatchObject({
      description: expect.stringContaining('CLIENT_NOT_FOUND'),
    });
  });

  /** Each `{name}` in a path must be declared as a required path parameter with the id rule (OpenAPI 3 requires it). */
  const undeclaredPathIds = (method: string) =>
    endpointsOf(document, method).flatMap(({ path, operation }) =>
      pathParameters(path)
        .filter((name) => {
          const declared = operation.parameters?.find((p) => p.in === 'path' && p.name === name);
          return !(
            declared?.required === true &&
            declared.schema?.type === 'string' &&
            declared.schema.maxLength === 128 &&
            declared.schema.pattern === ID_PATTERN.source
          );
        })
        .map((name) => `${method} ${path}: ${name}`),
    );

  it('declares every path id of the commands with the id rule, and their headers and answers', () => {
    expect(undeclaredPathIds('POST')).toEqual([]);
    // The client routes are idempotent by the client they name: no key to send.
    for (const { path, operation } of endpointsOf(document, 'POST').filter(({ path }) =>
      path.startsWith('/cases'),
    )) {
      const where = `POST ${path}`;
      const headers = (operation.parameters ?? [])
        .filter((p) => p.in === 'header')
        .map((p) => ({ name: p.name.toLowerCase(), required: p.required === true }));
      expect({ where, headers }).toEqual({
        where,
        headers: expect.arrayContaining([{ name: 'idempotency-key', required: false }]),
      });
      // The actor is the bearer token's subject: no header names it any more.
      expect({ where, headers: headers.filter((h) => h.name.startsWith('x-actor')) }).toEqual({
        where,
        headers: [],
      });
      expect({ where, security: operation.security }).toEqual({ where, security: [{ bearer: [] }] });
      // Commands on an existing case also take If-Match and document their uniform answers.
      if (path.startsWith('/cases/{caseId}')) {
        expect({ where, headers }).toEqual({
          where,
          headers: expect.arrayContaining([{ name: 'if-match', required: false }]),
        });
        expect({ where, answers: Object.keys(operation.responses ?? {}) }).toEqual({
          where,
          answers: expect.arrayContaining(['201', '400', '401', '404', '409', '422']),
        });
      }
    }
  });

  it('declares every path id of the queries with the id rule', () => {
    expect(undeclaredPathIds('GET')).toEqual([]);
  });

  it('declares bearer authentication on exactly the operations that refuse a request without a token', async () => {
    expect(document.components?.securitySchemes?.bearer).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    );
    const mismatches: string[] = [];
    for (const method of ['GET', 'POST'] as const)
      for (const { path, operation } of endpointsOf(document, method)) {
        const declared = operation.security?.some((requirement) => 'bearer' in requirement) === true;
        const response = await fetch(`${caseApi.url}${path.replace(/\{\w+\}/g, 'probe-1')}`, {
          method,
          headers: {
            'content-type': 'application/json',
            'x-actor-id': 'probe',
            'x-actor-role': 'supervisor',
          },
          ...(method === 'POST' ? { body: '{}' } : {}),
        });
        const body = (await response.json()) as { code?: string };
        const refused = response.status === 401 && body.code === 'TOKEN_MISSING';
        if (declared !== refused || (declared && !('401' in (operation.responses ?? {}))))
          mismatches.push(
            `${method} ${path}: bearer ${declared ? 'required' : 'not declared'}, answered ${response.status}`,
          );
      }
    expect(mismatches).toEqual([]);
    // The case and caseload queries do require one.
    for (const path of QUERIES) {
      const security = document.paths[path]?.get?.security;
      expect({ path, security }).toEqual({ path, security: [{ bearer: [] }] });
    }
  });

  it('names the policy action of every authenticated operation, as the guard reads it, and its 403', () => {
    const table = routeTable([
      ...(Reflect.getMetadata('controllers', CasesModule) as []),
      ...(Reflect.getMetadata('controllers', ClientsModule) as []),
      ...(AppModule.forConfig(caseApi.config).controllers ?? []),
    ]);
    const mismatches: string[] = [];
    for (const method of ['GET', 'POST'] as const)
      for (const { path, operation } of endpointsOf(document, method)) {
        if (!operation.security?.length) continue;
        const route = table.find((r) => r.method === method && r.path.replace(/:(\w+)/g, '{$1}') === path);
        const action = (operation as Record<string, unknown>)['x-casetrail-action'];
        if (route?.action !== action || !('403' in (operation.responses ?? {})))
          mismatches.push(
            `${method} ${path}: documents ${String(action)}, guarded by ${String(route?.action)}`,
          );
      }
    expect(mismatches).toEqual([]);
    expect(document.paths['/cases/{caseId}']?.get?.parameters).toContainEqual(
      expect.objectContaining({ in: 'header', name: 'X-Access-Reason', required: false }),
    );
  });

  it("documents on every authenticated operation the 503 of an outage, with Retry-After, keeping a route's own 503", () => {
    const missing: string[] = [];
    for (const { method, path, operation } of endpointsOf(document)) {
      if (!operation.security?.length) continue;
      const answer = (operation.responses ?? {})['503'] as
        { description?: string; headers?: Record<string, unknown> } | undefined;
      if (!answer?.description?.includes('SERVICE_UNAVAILABLE') || !answer.headers?.['Retry-After'])
        missing.push(`${method} ${path}`);
    }
    expect(missing).toEqual([]);
    const timeline = document.paths['/cases/{caseId}/timeline']?.get?.responses?.['503'] as {
      description: string;
    };
    expect(timeline.description).toContain('READ_MODEL_REBUILD_REQUIRED');
    expect(timeline.description).toContain('SERVICE_UNAVAILABLE');
  });

  it('resolves every schema reference in the document', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(Object.keys(COMMANDS).length);
    const dangling = refs.filter(({ ref }) => {
      const name = schemaNameOf(ref);
      return name === undefined || schemas()[name] === undefined;
    });
    expect(dangling).toEqual([]);
  });

  it('bounds every field of every command body: required fields exist, strings, numbers and lists are capped', () => {
    const seen = new Set<string>();
    const visit = (name: string) => {
      if (seen.has(name)) return;
      seen.add(name);
      const body = schema(name);
      const fields = body.properties ?? {};
      expect({ name, missing: (body.required ?? []).filter((field) => !(field in fields)) }).toEqual({
        name,
        missing: [],
      });
      for (const [field, raw] of Object.entries(fields)) {
        const where = `${name}.${field}`;
        const nested = schemaNameOf(refOf(raw)) ?? schemaNameOf(raw.items?.$ref);
        if (nested !== undefined) visit(nested);
        const rule = resolveSchema(document, refOf(raw) ? { $ref: refOf(raw) } : raw);
        switch (raw.type ?? rule.type) {
          case 'string': {
            const dated = raw.format === 'date' || raw.format === 'date-time';
            const bounded = raw.enum !== undefined || raw.maxLength !== undefined || (dated && !!raw.pattern);
            expect({ where, bounded }).toEqual({ where, bounded: true });
            break;
          }
          case 'number':
          case 'integer':
            expect({ where, min: typeof raw.minimum, max: typeof raw.maximum }).toEqual({
              where,
              min: 'number',
              max: 'number',
            });
            break;
          case 'array':
            expect({ where, maxItems: typeof raw.maxItems, items: raw.items !== undefined }).toEqual({
              where,
              maxItems: 'number',
              items: true,
            });
            break;
          case 'boolean':
            break;
          case 'object':
            expect({ where, ref: typeof refOf(raw) }).toEqual({ where, ref: 'string' });
            break;
          case undefined:
          default:
            throw new Error(`${where} has no type: ${JSON.stringify(raw)}`);
        }
      }
    };
    for (const name of endpointsOf(document, 'POST').map(({ operation }) => requestSchemaName(operation)))
      visit(name!);
    expect(seen.size).toBeGreaterThanOrEqual(Object.keys(COMMANDS).length);
  });

  it('carries the validation rules of the engagement: required fields, id rules, vocabularies, nesting', () => {
    const engage = schema('EngageClientDto');
    expect([...(engage.required ?? [])].sort()).toEqual(
      ['client', 'consent', 'presentingConcerns', 'programId', 'referralSource'].sort(),
    );
    expect(property('EngageClientDto', 'programId')).toMatchObject(ID_RULE);
    expect(property('EngageClientDto', 'caseManagerId')).toMatchObject(ID_RULE);
    expect(property('EngageClientDto', 'referralSource')).toMatchObject({ type: 'string' });
    expect(property('EngageClientDto', 'referralSource').enum).toEqual([...REFERRAL_SOURCES]);
    expect(property('EngageClientDto', 'presentingConcerns')).toMatchObject({
      type: 'string',
      minLength: 1,
      maxLength: 5_000,
    });
    expect(refOf(property('EngageClientDto', 'consent'))).toBe('#/components/schemas/ConsentDto');
    expect(refOf(property('EngageClientDto', 'client'))).toBe('#/components/schemas/ClientIdentityDto');
    // One rule, stated once: no oneOf of date and date-time beside a pattern only one can match.
    expect(property('EngageClientDto', 'engagedAt')).toEqual(INSTANT_RULE);

    expect([...(schema('ConsentDto').required ?? [])].sort()).toEqual(
      ['sharingWith', 'toInformationSharing', 'toServices'].sort(),
    );
    expect(property('ConsentDto', 'toServices')).toEqual({ type: 'boolean' });
    expect(property('ConsentDto', 'sharingWith')).toMatchObject({
      type: 'array',
      maxItems: 50,
      items: { type: 'string', maxLength: 128, pattern: ID_PATTERN.source },
    });
    expect([...(schema('ClientIdentityDto').required ?? [])].sort()).toEqual(
      ['dateOfBirth', 'familyName', 'givenName'].sort(),
    );
    expect(property('ClientIdentityDto', 'dateOfBirth')).toEqual(DATE_RULE);
    expect(property('ClientIdentityDto', 'email')).toMatchObject({ format: 'email', maxLength: 254 });
  });

  it('carries the validation rules of the other commands', () => {
    const requiredOf = (name: string) => [...(schema(name).required ?? [])].sort();
    expect(requiredOf('AssignCaseDto')).toEqual(['caseManagerId']);
    expect(requiredOf('TransferCaseDto')).toEqual(['reason', 'toCaseManagerId']);
    expect(requiredOf('AssessNeedsDto')).toEqual(['summary']);
    expect(requiredOf('AmendPlanDto')).toEqual(['nextReviewDate', 'reason']);
    expect(requiredOf('MakeReferralDto')).toEqual(['providerId', 'serviceType']);
    expect(requiredOf('ChangeReferralStatusDto')).toEqual(['status']);
    expect(requiredOf('RecordContactDto')).toEqual(['contactType', 'happenedAt', 'participants', 'summary']);
    expect(requiredOf('CorrectCaseNoteDto')).toEqual(['correctedSummary', 'reason']);
    expect(requiredOf('RecordGoalProgressDto')).toEqual(['progress']);
    expect(requiredOf('AchieveGoalDto')).toEqual([]);
    expect(requiredOf('RecordAdvocacyActionDto')).toEqual([
      'actionType',
      'outcome',
      'summary',
      'targetOrganisation',
    ]);
    expect(requiredOf('ReviewCaseDto')).toEqual(['goalReviews', 'nextReviewDate', 'summary']);
    expect(requiredOf('TerminateCaseDto')).toEqual(['goalOutcomes', 'reason', 'summary']);
    expect(requiredOf('ReopenCaseDto')).toEqual(['reason']);
    expect(requiredOf('PlannedGoalDto')).toEqual(['domain', 'dueDate', 'target']);
    expect(requiredOf('GoalTargetDto')).toEqual(['metric', 'unit', 'value']);
    expect(requiredOf('PublishFormVersionDto')).toEqual(['attachTo', 'expectedVersion', 'fields', 'title']);
    expect(requiredOf('FormFieldDto')).toEqual(['fieldId', 'label', 'type']);

    // Vocabularies are the domain's own lists.
    const vocabularies: [string, string, readonly string[]][] = [
      ['ParticipantDto', 'kind', PARTICIPANT_KINDS],
      ['AssessedNeedDto', 'severity', SEVERITIES],
      ['ChangeReferralStatusDto', 'status', REFERRAL_STATUSES],
      ['RecordGoalProgressDto', 'progress', GOAL_PROGRESS],
      ['GoalReviewDto', 'progress', GOAL_PROGRESS],
      ['RecordAdvocacyActionDto', 'actionType', ADVOCACY_ACTION_TYPES],
      ['RecordAdvocacyActionDto', 'outcome', ADVOCACY_OUTCOMES],
      ['GoalClosingOutcomeDto', 'outcome', GOAL_OUTCOMES],
      ['PublishFormVersionDto', 'attachTo', FORM_ATTACHMENTS],
      ['FormFieldDto', 'type', FORM_FIELD_TYPES],
    ];
    for (const [name, field, values] of vocabularies)
      expect({ at: `${name}.${field}`, enum: property(name, field).enum }).toEqual({
        at: `${name}.${field}`,
        enum: [...values],
      });
    // The agency's vocabularies are configuration (GET /vocabularies): the document gives their
    // codes' shape, and the domain checks each code against the version in force.
    const agencyVocabularies: [string, string][] = [
      ['RecordContactDto', 'contactType'],
      ['AssessedNeedDto', 'domain'],
      ['PlannedGoalDto', 'domain'],
      ['PlannedServiceDto', 'serviceType'],
      ['MakeReferralDto', 'serviceType'],
      ['TerminateCaseDto', 'reason'],
      ['OngoingSupportDto', 'serviceType'],
      ['VocabularyCodeDto', 'code'],
    ];
    for (const [name, field] of agencyVocabularies)
      expect({ at: `${name}.${field}`, pattern: property(name, field).pattern }).toEqual({
        at: `${name}.${field}`,
        pattern: VOCABULARY_CODE.source,
      });

    // Sizes, bounds and nesting.
    expect(property('RecordContactDto', 'durationMinutes')).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 1_440,
    });
    expect(property('RecordContactDto', 'participants')).toMatchObject({
      type: 'array',
      maxItems: 20,
      items: { $ref: '#/components/schemas/ParticipantDto' },
    });
    expect(property('RecordContactDto', 'happenedAt')).toEqual(INSTANT_RULE);
    expect(property('PublishFormVersionDto', 'fields')).toMatchObject({
      type: 'array',
      maxItems: 100,
      items: { $ref: '#/components/schemas/FormFieldDto' },
    });
    // A field as GET /programs/{programId}/forms lists it goes back as it is: allowedValues may be null.
    expect(property('FormFieldDto', 'allowedValues')).toMatchObject({
      type: 'array',
      nullable: true,
      items: { type: 'string', pattern: ALLOWED_VALUE_PATTERN.source },
    });
    expect(property('RecordContactDto', 'summary')).toMatchObject({ minLength: 1, maxLength: 10_000 });
    expect(property('AmendPlanDto', 'nextReviewDate')).toEqual(DATE_RULE);
    expect(property('AmendPlanDto', 'goalsAdded')).toMatchObject({
      type: 'array',
      maxItems: 20,
      items: { $ref: '#/components/schemas/PlannedGoalDto' },
    });
    expect(refOf(property('PlannedGoalDto', 'target'))).toBe('#/components/schemas/GoalTargetDto');
    expect(property('GoalTargetDto', 'value')).toMatchObject({
      type: 'number',
      minimum: -1_000_000_000,
      maximum: 1_000_000_000,
    });
    expect(property('ToolScoreDto', 'score')).toMatchObject({ minimum: -10_000, maximum: 10_000 });
    expect(property('AchieveGoalDto', 'measuredValue')).toMatchObject({
      type: 'number',
      minimum: -1_000_000_000,
      maximum: 1_000_000_000,
    });
    expect(property('ReviewCaseDto', 'goalReviews')).toMatchObject({ type: 'array', maxItems: 50 });
    expect(property('AssessNeedsDto', 'summary')).toMatchObject({ maxLength: 10_000 });
    expect(property('CorrectCaseNoteDto', 'reason')).toMatchObject({ maxLength: 2_000 });
  });
});
