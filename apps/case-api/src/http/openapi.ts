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
 * every operation needs the bearer scheme and may answer 401 and 429, except the @Public() ones.
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
      };
    }
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
