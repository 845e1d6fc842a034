import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { Action } from '@casetrail/domain';

export const ACCESS_ACTION = 'casetrail:access-action';

/**
 * The policy action a route is decided under; a route without one is refused (fail closed).
 * The OpenAPI document names it too, so a client can look the route up in README's policy table.
 */
export const Access = (action: Action) =>
  applyDecorators(SetMetadata(ACCESS_ACTION, action), ApiExtension('x-casetrail-action', action));

/** What a read of client records adds to its answers: the emergency header, and 503 when unrecorded. */
export const ClientDataRead = (kind: 'case, break-the-glass' | 'case' | 'list') =>
  applyDecorators(
    ...(kind === 'case, break-the-glass'
      ? [
          ApiHeader({
            name: 'X-Access-Reason',
            required: false,
            description:
              'Break-the-glass: why you must read a case you are not assigned (10-500 characters). ' +
              'Opens it for reading for 60 minutes, recorded as emergency access for review.',
            // The check trims, then counts: 10 to 500 characters between the first and last non-space.
            schema: { type: 'string', pattern: '^\\s*\\S.{8,498}\\S\\s*$' },
          }),
        ]
      : []),
    ...(kind === 'list'
      ? []
      : [
          ApiResponse({
            status: 404,
            description: 'CASE_NOT_FOUND: no such case, or not one you may know of',
          }),
        ]),
    ApiResponse({
      status: 503,
      description: 'ACCESS_LOG_UNAVAILABLE: the read could not be recorded, so nothing is answered',
    }),
  );
