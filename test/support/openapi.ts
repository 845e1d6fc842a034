import type { INestApplication } from '@nestjs/common';

/** The parts of an OpenAPI 3 document the tests read. */
export interface OpenApiSchema {
  readonly type?: string;
  readonly $ref?: string;
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly required?: readonly string[];
  readonly items?: OpenApiSchema;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxItems?: number;
  readonly oneOf?: readonly OpenApiSchema[];
  /** Alternatives of required fields (a rule between fields), each perhaps excluding others by `not`. */
  readonly anyOf?: readonly OpenApiSchema[];
  /** `[{ $ref }]` where a reference carries other keywords (no `$ref` has siblings). */
  readonly allOf?: readonly OpenApiSchema[];
  readonly not?: OpenApiSchema;
  readonly additionalProperties?: boolean | OpenApiSchema;
}

export interface OpenApiParameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly schema?: OpenApiSchema;
}

export interface OpenApiOperation {
  readonly summary?: string;
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: {
    readonly required?: boolean;
    readonly content?: Readonly<Record<string, { readonly schema?: OpenApiSchema }>>;
  };
  readonly responses?: Readonly<Record<string, unknown>>;
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
}

export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
  readonly components?: {
    readonly schemas?: Readonly<Record<string, OpenApiSchema>>;
    readonly securitySchemes?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  };
}

export interface Endpoint {
  readonly method: string;
  /** OpenAPI form: `/cases/{caseId}/contacts`. */
  readonly path: string;
  readonly operation: OpenApiOperation;
}

const SCHEMA_REF = '#/components/schemas/';

export const fetchOpenApi = async (baseUrl: string): Promise<OpenApiDocument> => {
  const response = await fetch(`${baseUrl}/docs/json`);
  if (response.status !== 200) throw new Error(`GET /docs/json answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
};

export const endpointsOf = (document: OpenApiDocument, method?: string): Endpoint[] =>
  Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([verb]) => method === undefined || verb === method.toLowerCase())
      .map(([verb, operation]) => ({ method: verb.toUpperCase(), path, operation })),
  );

/** `{caseId}` style parameters of an OpenAPI path, in order. */
export const pathParameters = (path: string): string[] =>
  [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name ?? '');

/** The name of the component a `$ref` points to, or undefined for anything else. */
export const schemaNameOf = (ref: string | undefined): string | undefined =>
  ref?.startsWith(SCHEMA_REF) ? ref.slice(SCHEMA_REF.length) : undefined;

/** The component schema name of an operation's JSON request body. */
export const requestSchemaName = (operation: OpenApiOperation): string | undefined =>
  schemaNameOf(operation.requestBody?.content?.['application/json']?.schema?.$ref);

/** Follows a `$ref` into components.schemas (one level; components themselves are never bare refs). */
export const resolveSchema = (document: OpenApiDocument, schema: OpenApiSchema): OpenApiSchema => {
  // A reference with other keywords is written `allOf: [{ $ref }]`; it resolves the same.
  const name = schemaNameOf(schema.$ref ?? (schema.allOf?.length === 1 ? schema.allOf[0]?.$ref : undefined));
  if (name === undefined) return schema;
  const target = document.components?.schemas?.[name];
  if (target === undefined) throw new Error(`Unresolved schema reference ${schema.$ref}`);
  return target;
};

/**
 * Every route the running HTTP app serves, as `METHOD /openapi/{path}`, read from the Express
 * router itself (not from the document), without Swagger UI's own routes.
 */
export const servedRoutes = (app: INestApplication): string[] => {
  interface Layer {
    readonly route?: { readonly path: unknown; readonly methods: Readonly<Record<string, boolean>> };
  }
  const express = app.getHttpAdapter().getInstance() as { router: { stack: readonly Layer[] } };
  return express.router.stack.flatMap(({ route }) => {
    if (!route || typeof route.path !== 'string' || route.path.startsWith('/docs')) return [];
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    return Object.entries(route.methods)
      .filter(([, on]) => on)
      .map(([method]) => `${method.toUpperCase()} ${path}`);
  });
};
