import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'casetrail:public';
/** Marks the operation in the OpenAPI document until setUpOpenApi turns it into `security: []`. */
export const PUBLIC_EXTENSION = 'x-casetrail-public';

/**
 * Marks a route (or controller) that answers without a token: health, docs, metrics. Everything
 * else is authenticated by the global AuthenticationGuard; public is the exception, by name.
 */
export const Public = () =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));
