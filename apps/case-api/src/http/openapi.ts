import { applyDecorators, type INestApplication } from '@nestjs/common';
import { ApiParam, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { ID_PATTERN } from './fields';
import { PUBLIC_EXTENSION } from './public.decorator';

export const BEARER_SCHEME = 'bearer';

/**
 * Request schemas come from the same class-validator rules that validate requests,
 * so the documentation cannot drift from what the API accepts.
 */
export const setUpOpenApi = (app: INestApplication): void => {
  const config = new DocumentBuilder()
    .setTitle('Casetrail')
    .setDescription(
      'Event-sourced case management. Every route but the public ones needs `Authorization: Bearer <access token>` ' +
        "from the trusted OpenID issuer; the token's subject is the actor on every event.",
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
  declareAuthentication(document);
  const schemas = validationMetadatasToSchemas({
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: '#/components/schemas/',
  });
  // The validation pipe rejects unknown fields; the schemas say so.
  for (const schema of Object.values(schemas)) schema.additionalProperties = false;
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...schemas } as never,
  };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
};

type Operation = { security?: Record<string, string[]>[]; responses?: Record<string, unknown> } & Record<
  string,
  unknown
>;

/**
 * The authentication guard is global, so the document says so per operation from the same fact:
 * every operation needs the bearer scheme and may answer 401, 429 and 503, except the @Public() ones.
 */
const declareAuthentication = (document: OpenAPIObject): void => {
  for (const item of Object.values(document.paths))
    for (const value of Object.values(item as Record<string, unknown>)) {
      const operation = value as Operation;
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      if (operation[PUBLIC_EXTENSION] === true) {
        delete operation[PUBLIC_EXTENSION];
        operation.security = [];
        continue;
      }
      operation.security = [{ [BEARER_SCHEME]: [] }];
      operation.responses = {
        ...operation.responses,
        401: { description: 'TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED, ...: no valid bearer token' },
        403: {
          description:
            'ACTION_NOT_PERMITTED, SCOPE_FORBIDDEN, CASE_ACTION_FORBIDDEN, ENGAGEMENT_OUT_OF_SCOPE: ' +
            'the access policy refuses (README, "Who may do what"; the action is x-casetrail-action)',
        },
        429: { description: 'RATE_LIMITED: too many requests from this principal; see Retry-After' },
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
  const { description: own, content: ownContent } =
    (declared as { description?: unknown; content?: unknown } | undefined) ?? {};
  return {
    description: typeof own === 'string' ? `${own}. ${SERVICE_UNAVAILABLE}` : SERVICE_UNAVAILABLE,
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before trying again',
        schema: { type: 'integer', minimum: 1 },
      },
    },
    // A route's own 503 keeps its own example; the shape is the same `{ code, message }`.
    content: ownContent ?? {
      'application/json': {
        schema: {
          type: 'object',
          required: ['code', 'message'],
          properties: {
            code: { type: 'string', example: 'SERVICE_UNAVAILABLE' },
            message: { type: 'string' },
            dependency: { type: 'string', enum: ['database', 'kafka'] },
          },
        },
        example: {
          code: 'SERVICE_UNAVAILABLE',
          message:
            'The database did not answer in time. If this was a command, it was not acknowledged: retry it.',
          dependency: 'database',
        },
      },
    },
  };
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
