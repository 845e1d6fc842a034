import { applyDecorators, type INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { ApiParam, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { ID_PATTERN } from './fields';
import { PUBLIC_EXTENSION } from './public.decorator';
import { PROBLEM_JSON, REQUEST_EXAMPLES, RESPONSE_SCHEMAS, SUCCESS_SCHEMAS } from './responses';

export const BEARER_SCHEME = 'bearer';

/**
 * Request schemas and query parameters come from the same class-validator rules that validate
 * requests, so the documentation cannot drift from what the API accepts. Answers, errors,
 * headers, examples and links are added to what the scanner found, from one table each.
 */
export const setUpOpenApi = (app: INestApplication): void => {
  SwaggerModule.setup('docs', app, buildOpenApi(app), { jsonDocumentUrl: 'docs/json' });
};

export const buildOpenApi = (app: INestApplication): OpenAPIObject => {
  const config = new DocumentBuilder()
    .setTitle('Casetrail')
    .setDescription(
      'Event-sourced case management. Every route but the public ones needs `Authorization: Bearer <access token>` ' +
        "from the trusted OpenID issuer; the token's subject is the actor on every event. Every error is " +
        '`application/problem+json` (RFC 9457) with a stable `code`.',
    )
    .setVersion('1')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'An access token for the API audience',
      },
      BEARER_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const schemas = validationMetadatasToSchemas({
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: '#/components/schemas/',
  }) as Record<string, Schema>;
  // The validation pipe rejects unknown fields; the schemas say so.
  for (const schema of Object.values(schemas)) schema.additionalProperties = false;
  // A rule between fields the converter cannot see (`ValidateIf`): a name pair, a date of birth, or both.
  const search = schemas.SearchClientsDto;
  if (search)
    search.anyOf = [
      { required: ['givenName', 'familyName'] },
      {
        required: ['dateOfBirth'],
        not: { anyOf: [{ required: ['givenName'] }, { required: ['familyName'] }] },
      },
    ];
  declareQueryParameters(app, document, schemas);
  declareAuthentication(document);
  declareAnswers(document);
  declareLinks(document);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...schemas, ...RESPONSE_SCHEMAS },
  };
  return withoutRefSiblings(document) as OpenAPIObject;
};

type Schema = Record<string, unknown>;
type Operation = {
  operationId?: string;
  parameters?: Schema[];
  security?: Record<string, string[]>[];
  responses?: Record<string, Schema>;
  requestBody?: { content?: Record<string, Schema> };
} & Record<string, unknown>;

const operationsOf = (document: OpenAPIObject): { method: string; path: string; operation: Operation }[] =>
  Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, unknown>)
      .filter(([, value]) => typeof value === 'object' && value !== null && 'responses' in value)
      .map(([method, value]) => ({ method: method.toUpperCase(), path, operation: value as Operation })),
  );

/**
 * The `@Query()` DTO of every handler, by operation id (`Controller_method`, as the scanner names
 * them), read from the metadata Nest routes by.
 */
const queryClassesOf = (app: INestApplication): Map<string, string> => {
  const found = new Map<string, string>();
  for (const module of app.get(ModulesContainer).values())
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { name: string; prototype: object } | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) as
          Record<string, { index: number }> | undefined;
        const types = Reflect.getMetadata('design:paramtypes', controller.prototype, name) as
          { name: string }[] | undefined;
        for (const [key, { index }] of Object.entries(args ?? {}))
          if (key.split(':')[0] === String(RouteParamtypes.QUERY) && types?.[index])
            found.set(`${controller.name}_${name}`, types[index].name);
      }
    }
  return found;
};

const PAGE_DEFAULTS = { offset: 0, limit: 50 };

/**
 * What a query means when a parameter is left out, by DTO: the read models apply these
 * (caseload.queries.ts, timeline.queries.ts, access-log.queries.ts, the report and case
 * controllers); the contract spec holds the document to them.
 */
export const QUERY_DEFAULTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  PageQuery: PAGE_DEFAULTS,
  CaseloadQuery: { ...PAGE_DEFAULTS, status: 'open', sort: 'engagedAt', order: 'asc' },
  TimelineQuery: { ...PAGE_DEFAULTS, order: 'asc' },
  OutcomeReportQuery: { groupBy: 'program', format: 'json' },
  AsOfQuery: { basis: 'recorded' },
};

/** Each property of an operation's query DTO is a query parameter, with that property's rules. */
const declareQueryParameters = (
  app: INestApplication,
  document: OpenAPIObject,
  schemas: Record<string, Schema>,
): void => {
  const classes = queryClassesOf(app);
  for (const { operation } of operationsOf(document)) {
    const dto = classes.get(operation.operationId ?? '');
    const schema = dto === undefined ? undefined : schemas[dto];
    if (!schema) continue;
    const required = new Set((schema.required as string[] | undefined) ?? []);
    const declared = (operation.parameters ?? []).filter((p) => p.in !== 'query');
    const query = Object.entries((schema.properties ?? {}) as Record<string, Schema>).map(
      ([name, property]) => ({
        name,
        in: 'query',
        required: required.has(name),
        ...(typeof property.description === 'string' ? { description: property.description } : {}),
        schema:
          QUERY_DEFAULTS[dto!]?.[name] === undefined
            ? property
            : { ...property, default: QUERY_DEFAULTS[dto!]![name] },
        ...(property.type === 'array' ? { style: 'form', explode: true } : {}),
      }),
    );
    operation.parameters = [...declared, ...query];
  }
};

const problem = (description: string, example?: Schema): Schema => ({
  description,
  content: { [PROBLEM_JSON]: { schema: ref('Problem'), ...(example ? { example } : {}) } },
});

const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', minimum: 1 },
  },
};

/**
 * The authentication guard is global, so the document says so per operation from the same fact:
 * every operation needs the bearer scheme and may answer 401, 403, 429 and 503, except the @Public() ones.
 */
const declareAuthentication = (document: OpenAPIObject): void => {
  for (const { operation } of operationsOf(document)) {
    if (operation[PUBLIC_EXTENSION] === true) {
      delete operation[PUBLIC_EXTENSION];
      operation.security = [];
      continue;
    }
    operation.security = [{ [BEARER_SCHEME]: [] }];
    operation.responses = {
      ...operation.responses,
      401: {
        ...problem('TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED, ...: no valid bearer token'),
        headers: {
          'WWW-Authenticate': { description: 'The bearer challenge (RFC 6750)', schema: { type: 'string' } },
        },
      },
      403: problem(
        'ACTION_NOT_PERMITTED, SCOPE_FORBIDDEN, CASE_ACTION_FORBIDDEN, ENGAGEMENT_OUT_OF_SCOPE: ' +
          'the access policy refuses (README, "Who may do what"; the action is x-casetrail-action)',
      ),
      429: {
        ...problem('RATE_LIMITED: too many requests from this principal; see Retry-After'),
        headers: RETRY_AFTER,
      },
      503: unavailable(operation.responses?.['503']),
    };
  }
};

/** Every operation reads or writes the database (and a query's freshness asks Kafka). */
const SERVICE_UNAVAILABLE =
  'SERVICE_UNAVAILABLE: the database (or Kafka) did not answer in time; `dependency` says which. ' +
  'Nothing in the body names a client. A command answered so was not acknowledged: send it again ' +
  '(with the same Idempotency-Key) after Retry-After seconds.';

/** The 503 every operation may answer, after any 503 the route documents itself. */
const unavailable = (declared: unknown) => {
  const { description: own } = (declared as { description?: unknown } | undefined) ?? {};
  return {
    ...problem(typeof own === 'string' ? `${own}. ${SERVICE_UNAVAILABLE}` : SERVICE_UNAVAILABLE, {
      type: 'urn:casetrail:problem:service-unavailable',
      title: 'Service Unavailable',
      status: 503,
      detail:
        'The database did not answer in time. If this was a command, it was not acknowledged: retry it.',
      instance: '/cases',
      code: 'SERVICE_UNAVAILABLE',
      message:
        'The database did not answer in time. If this was a command, it was not acknowledged: retry it.',
      dependency: 'database',
    }),
    headers: RETRY_AFTER,
  };
};

const VALIDATION_EXAMPLE = {
  type: 'urn:casetrail:problem:validation-failed',
  title: 'Bad Request',
  status: 400,
  detail: 'The request has invalid fields',
  instance: '/cases',
  code: 'VALIDATION_FAILED',
  message: 'The request has invalid fields',
  errors: [{ field: 'client.dateOfBirth', rule: 'matches', message: 'dateOfBirth must be an existing date' }],
};

const ETAG = {
  ETag: {
    description: 'The case version as an entity tag, e.g. "4": send it back as If-Match',
    schema: { type: 'string' },
  },
};

/**
 * Every operation's answers: its success with a schema and headers, and each error as the one
 * problem body. Descriptions a route gave its own answers are kept.
 */
const declareAnswers = (document: OpenAPIObject): void => {
  for (const { method, path, operation } of operationsOf(document)) {
    const own = operation.responses ?? {};
    if (path.startsWith('/health/')) {
      // A probe answers its check states (200 or 503, its own body); only a body it cannot read is a problem.
      operation.responses = {
        ...own,
        '400': problem('VALIDATION_FAILED: the request carried a body that is not JSON', VALIDATION_EXAMPLE),
        '413': problem('PAYLOAD_TOO_LARGE: the body is over 256 kB'),
        '415': problem('UNSUPPORTED_MEDIA_TYPE: bodies are application/json (UTF-8)'),
      };
      continue;
    }
    const keep = (status: string, fallback: string) =>
      typeof own[status]?.description === 'string' ? own[status].description : fallback;
    const responses: Record<string, Schema> = { ...own };
    // A POST with an answer of its own is about a client, not a case: no case version, no ETag.
    const isCommand = method === 'POST' && SUCCESS_SCHEMAS[`${method} ${path}`] === undefined;
    if (method === 'POST') {
      const body = operation.requestBody?.content?.['application/json'];
      const name = schemaNameOf(body?.$ref ?? (body?.schema as Schema | undefined)?.$ref);
      if (body && name && REQUEST_EXAMPLES[name] !== undefined) body.example = REQUEST_EXAMPLES[name];
    }
    if (isCommand) {
      responses['201'] = {
        description: keep('201', 'Decided and recorded: the case id, its new version, the events'),
        headers: {
          ...ETAG,
          'Idempotent-Replayed': {
            description: 'true when an Idempotency-Key matched an earlier command: nothing new was recorded',
            schema: { type: 'string', enum: ['true'] },
          },
          ...(path === '/cases'
            ? { Location: { description: 'The new case: /cases/{caseId}', schema: { type: 'string' } } }
            : {}),
        },
        content: { 'application/json': { schema: ref('CommandResult') } },
      };
      responses['409'] = problem(keep('409', 'WRONG_EXPECTED_VERSION, with the actual version'));
      responses['422'] = problem(
        keep('422', 'A broken case rule, with its domain code') +
          '; IDEMPOTENCY_KEY_REUSED: the Idempotency-Key came with another body before',
      );
    } else {
      const name = SUCCESS_SCHEMAS[`${method} ${path}`];
      const ok = own['200'] ?? {};
      const example = (ok.content as Record<string, Schema> | undefined)?.['application/json']?.schema as
        Schema | undefined;
      const content: Record<string, Schema> = {
        'application/json': {
          schema: name ? ref(name) : { type: 'object' },
          ...(example?.example ? { example: example.example } : {}),
        },
      };
      if (path === '/reports/outcomes') content['text/csv'] = { schema: { type: 'string' } };
      responses['200'] = {
        description: keep('200', 'The answer'),
        ...(path === '/cases/{caseId}' ? { headers: ETAG } : {}),
        content,
      };
      if (own['201'] !== undefined) responses['201'] = { description: keep('201', 'Done'), content };
      responses['422'] = problem(
        keep(
          '422',
          method === 'POST'
            ? 'A broken rule, with its code'
            : 'A rule of the query, e.g. INVALID_PERIOD (from after to)',
        ),
      );
    }
    // Any request may carry a body, a GET too: it is read (and refused) the same way.
    responses['413'] = problem('PAYLOAD_TOO_LARGE: the body is over 256 kB');
    responses['415'] = problem('UNSUPPORTED_MEDIA_TYPE: bodies are application/json (UTF-8)');
    responses['400'] = problem(
      keep('400', 'VALIDATION_FAILED: `errors` names each bad field and rule'),
      VALIDATION_EXAMPLE,
    );
    if (path.includes('{') || isCommand) responses['404'] = problem(keep('404', 'CASE_NOT_FOUND'));
    else responses['404'] = problem('NOT_FOUND');
    // Errors a route declared itself keep their description; their body is the one problem body.
    for (const [status, answer] of Object.entries(responses))
      if (Number(status) >= 400 && !(answer.content as Schema | undefined)?.[PROBLEM_JSON])
        responses[status] = { ...answer, content: problem('').content };
    operation.responses = responses;
  }
};

/**
 * Links from a created case to every operation on it, so a client (and a stateful fuzzer) can
 * follow one: the case id from the 201's body, other ids from the request that made them.
 */
const declareLinks = (document: OpenAPIObject): void => {
  const all = operationsOf(document);
  const create = document.paths['/cases']?.post as Operation | undefined;
  const onCase = all.filter(({ path }) => path.startsWith('/cases/{caseId}'));
  const link = (
    from: Operation | undefined,
    to: typeof onCase,
    parameters: (name: string) => string | null,
  ) => {
    const created = from?.responses?.['201'];
    if (!created) return;
    const links: Record<string, Schema> = (created.links as Record<string, Schema> | undefined) ?? {};
    for (const { operation } of to) {
      const names = ((operation.parameters ?? []) as { in: string; name: string }[])
        .filter((p) => p.in === 'path')
        .map((p) => p.name);
      const values = names.map((name) => [name, parameters(name)] as const);
      if (values.some(([, value]) => value === null) || !operation.operationId) continue;
      links[operation.operationId] = {
        operationId: operation.operationId,
        parameters: Object.fromEntries(values),
      };
    }
    created.links = links;
  };
  // From the new case to everything that needs only its id.
  link(create, onCase, (name) => (name === 'caseId' ? '$response.body#/caseId' : null));
  // From a referral, contact, or plan to what is done with the ids the client chose for them.
  const ids: [string, string, string][] = [
    ['/cases/{caseId}/referrals', 'referralId', '$request.body#/referralId'],
    ['/cases/{caseId}/contacts', 'contactId', '$request.body#/contactId'],
    ['/cases/{caseId}/plan/amendments', 'goalId', '$request.body#/goalsAdded/0/goalId'],
    ['/cases/{caseId}/consents', 'consentId', '$request.body#/consentId'],
    // An entry is voided or its date corrected by the id of the event that recorded it.
    ['/cases/{caseId}/contacts', 'entryId', '$response.body#/events/0/eventId'],
    ['/cases/{caseId}/referrals', 'entryId', '$response.body#/events/0/eventId'],
  ];
  for (const [path, id, expression] of ids)
    link(
      document.paths[path]?.post as Operation | undefined,
      onCase.filter(({ path: to }) => to.includes(`{${id}}`)),
      (name) => (name === 'caseId' ? '$response.body#/caseId' : name === id ? expression : null),
    );
};

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

const schemaNameOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.startsWith('#/components/schemas/')
    ? value.slice('#/components/schemas/'.length)
    : undefined;

/**
 * In OpenAPI 3.0 a `$ref` object's siblings are ignored (and tools disagree about them): a
 * reference stands alone, or inside `allOf` when it carries a description or nullability.
 */
const isDateFormat = (alternative: unknown): boolean =>
  typeof alternative === 'object' &&
  alternative !== null &&
  ['date', 'date-time'].includes(String((alternative as Schema).format));

const withoutRefSiblings = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutRefSiblings);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([key, child]) => [key, withoutRefSiblings(child)] as const);
  const object: Schema = Object.fromEntries(entries);
  // The converter's `oneOf` of date and date-time for the `isIso8601` rule: the pattern and
  // format beside it say exactly which one, and a value matches one alternative or neither.
  if (Array.isArray(object.oneOf) && object.oneOf.every(isDateFormat)) delete object.oneOf;
  if (typeof object.$ref !== 'string') return object;
  const { $ref, type: _type, ...siblings } = object;
  void _type;
  return Object.keys(siblings).length === 0 ? { $ref } : { allOf: [{ $ref }], ...siblings };
};

/** The body schema reference for a DTO class, for @ApiBody. */
export const bodyOf = (dto: { name: string }) => ({ schema: { $ref: `#/components/schemas/${dto.name}` } });

/**
 * Declares a route's `:id` path parameters with the id rule. Path ids are validated by params
 * DTOs, which the OpenAPI scanner cannot see; undeclared, they make the document invalid.
 */
export const ApiIdParams = (path: string) =>
  applyDecorators(
    ...[...path.matchAll(/:(\w+)/g)].map(([, name = '']) =>
      ApiParam({
        name,
        required: true,
        schema: { type: 'string', maxLength: 128, pattern: ID_PATTERN.source },
      }),
    ),
  );
