import { applyDecorators, type INestApplication } from '@nestjs/common';
import { ApiParam, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { ID_PATTERN } from './fields';
import { ACTOR_ID_HEADER, ACTOR_ROLE_HEADER } from './request-metadata';

/**
 * Request schemas come from the same class-validator rules that validate requests,
 * so the documentation cannot drift from what the API accepts.
 */
export const setUpOpenApi = (app: INestApplication): void => {
  const config = new DocumentBuilder()
    .setTitle('Casetrail')
    .setDescription(
      `Event-sourced case management. Every request names its actor in the ${ACTOR_ID_HEADER} and ${ACTOR_ROLE_HEADER} headers.`,
    )
    .setVersion('1')
    .build();
  const document = SwaggerModule.createDocument(app, config);
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
