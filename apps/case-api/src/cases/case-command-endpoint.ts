import { applyDecorators, Post } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { COMMAND_ACTIONS, type CaseCommand } from '@casetrail/domain';
import { Access } from '../access/access.decorator';
import { ApiIdParams, bodyOf } from '../http/openapi';
import { IDEMPOTENCY_KEY_HEADER } from '../http/request-metadata';

/**
 * What every command on an existing case has in common: a POST under `/cases/:caseId`, its body
 * schema, optimistic-concurrency and idempotency headers, and the uniform answers.
 */
export const CaseCommandEndpoint = (
  type: CaseCommand['type'],
  path: string,
  summary: string,
  body: { name: string },
) =>
  applyDecorators(
    Post(path),
    Access(COMMAND_ACTIONS[type]),
    ApiTags('cases'),
    ApiOperation({ summary }),
    ApiBody(bodyOf(body)),
    ApiIdParams(path),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'The case version the client last saw, e.g. "3" (or ?expectedVersion=3); stale is a 409',
    }),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description: 'A retry with the same key answers as the first time, with Idempotent-Replayed: true',
    }),
    ApiResponse({
      status: 201,
      description: 'Decided and recorded: the case id, its new version, the events',
    }),
    ApiResponse({ status: 400, description: 'VALIDATION_FAILED: `errors` names each bad field and rule' }),
    ApiResponse({ status: 401, description: 'TOKEN_*: no valid bearer token' }),
    ApiResponse({ status: 404, description: 'CASE_NOT_FOUND' }),
    ApiResponse({ status: 409, description: 'WRONG_EXPECTED_VERSION, with the actual version' }),
    ApiResponse({ status: 422, description: 'A broken case rule, with its domain code' }),
  );
