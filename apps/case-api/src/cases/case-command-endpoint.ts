import {
  applyDecorators,
  BadRequestException,
  createParamDecorator,
  HttpStatus,
  Injectable,
  Post,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { COMMAND_ACTIONS, type CaseCommand, type CaseCommandType } from '@casetrail/domain';
import { Access } from '../access/access.decorator';
import { ApiIdParams, bodyOf } from '../http/openapi';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_SCHEMA,
  readMetadata,
  type RequestMetadata,
} from '../http/request-metadata';
import { VALIDATOR_OPTIONS, validationFailed } from '../http/validation';
import { CaseParams } from './case-params';
import { ExecuteCaseCommand, type CommandResult } from './execute-case-command';
import { idsFor, type IdMinter } from './ids';

/** What every command endpoint answers; a replayed retry answers exactly as the first time did. */
export interface CommandResponseBody {
  readonly caseId: string;
  readonly version: number;
  readonly events: readonly { eventId: string; type: string; version: number; position: number }[];
  /** The ids of what the command created, where the route answers them (e.g. `memberId`). */
  readonly created?: Readonly<Record<string, string>>;
}

/**
 * Turns the handler's result into the HTTP answer: 201, the new version as the ETag, and
 * `Idempotent-Replayed` when a retry found its first answer. The only place a command touches
 * the response.
 */
@Injectable()
export class CommandAnswer implements NestInterceptor<CommandResult, CommandResponseBody> {
  intercept(
    context: ExecutionContext,
    next: CallHandler<CommandResult & { readonly created?: Readonly<Record<string, string>> }>,
  ): Observable<CommandResponseBody> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((result) => {
        response.status(HttpStatus.CREATED);
        response.setHeader('ETag', `"${result.version}"`);
        if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
        // A case's first event opened it: the answer says where the new case lives.
        if (result.events[0]?.version === 1) response.setHeader('Location', `/cases/${result.caseId}`);
        return {
          caseId: result.caseId,
          version: result.version,
          events: result.events.map((e) => ({
            eventId: e.eventId,
            type: e.type,
            version: e.version,
            position: e.position,
          })),
          ...(result.created === undefined ? {} : { created: result.created }),
        };
      }),
    );
  }
}

/**
 * What every command on an existing case has in common: a POST under `/cases/:caseId`, its body
 * schema, optimistic-concurrency and idempotency headers, and the uniform answers.
 */
export const CaseCommandEndpoint = (
  type: CaseCommandType,
  path: string,
  summary: string,
  body: { name: string },
) =>
  applyDecorators(
    Post(path),
    Access(COMMAND_ACTIONS[type]),
    UseInterceptors(CommandAnswer),
    ApiTags('cases'),
    ApiOperation({ summary }),
    ApiBody(bodyOf(body)),
    ApiIdParams(path),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'The case version the client last saw, e.g. "3" (or ?expectedVersion=3); stale is a 409',
      schema: { type: 'string', pattern: IF_MATCH.source },
    }),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description: 'A retry with the same key answers as the first time, with Idempotent-Replayed: true',
      schema: IDEMPOTENCY_KEY_SCHEMA,
    }),
    ApiResponse({
      status: 201,
      description: 'Decided and recorded: the case id, its new version, the events',
    }),
    ApiResponse({ status: 400, description: 'VALIDATION_FAILED: `errors` names each bad field and rule' }),
    ApiResponse({ status: 401, description: 'TOKEN_*: no valid bearer token' }),
    ApiResponse({ status: 404, description: 'CASE_NOT_FOUND' }),
    ApiResponse({
      status: 409,
      description:
        'WRONG_EXPECTED_VERSION, with the actual version; CLIENT_DATA_ERASED: the client was erased, the case takes no more commands',
    }),
    ApiResponse({ status: 422, description: 'A broken case rule, with its domain code' }),
  );

/** `"3"`, `W/"3"` or a bare `3`: the one rule the document states and the check applies. */
export const IF_MATCH = /^(?:W\/)?(?:"[0-9]{1,9}"|[0-9]{1,9})$/;

/** The expected version, from `If-Match: "3"` or `?expectedVersion=3`; undefined when neither. */
export const expectedVersionOf = (request: Request): number | undefined => {
  const raw: unknown = request.headers['if-match'] ?? request.query.expectedVersion;
  if (raw === undefined) return undefined;
  const first: unknown = Array.isArray(raw) ? raw[0] : raw;
  const given = typeof first === 'string' ? first : '';
  const text = given.replace(/^W\//, '').replace(/"/g, '');
  if (!IF_MATCH.test(given)) {
    throw new BadRequestException({
      code: 'VALIDATION_FAILED',
      message: 'The expected version is invalid',
      errors: [
        { field: 'If-Match', rule: 'isInt', message: 'If-Match / expectedVersion must be a whole number' },
      ],
    });
  }
  return Number(text);
};

type DataOf<T extends CaseCommandType> = Extract<CaseCommand, { type: T }>['data'];

/**
 * Everything a command on an existing case takes from the request but its body: the path ids,
 * the version the caller saw, and the metadata read at the edge (clock, actor, correlation).
 */
export class CaseCommandContext<P extends CaseParams = CaseParams> {
  /** Ids the client may leave out, minted so that a retry decides the same events (see ids.ts). */
  readonly id: IdMinter;

  constructor(
    readonly params: P,
    readonly expectedVersion: number | undefined,
    readonly metadata: RequestMetadata,
  ) {
    this.id = idsFor(metadata);
  }

  get caseId(): string {
    return this.params.caseId;
  }

  /** The message for the command bus: this case's command of `type`, as this caller asks it. */
  command<T extends CaseCommandType>(type: T, data: DataOf<T>): ExecuteCaseCommand {
    const command = { type, caseId: this.caseId, data, metadata: this.metadata } as CaseCommand;
    return new ExecuteCaseCommand(command, this.metadata.access, this.expectedVersion);
  }
}

/**
 * Path ids are validated here, with the global pipe's options and answer, since the pipe skips
 * custom parameters. In the order a request reads: the expected version, the idempotency key,
 * the path; then the body, which its own `@Body()` validates.
 */
const caseCommandContext = createParamDecorator(
  (params: Type<CaseParams>, context: ExecutionContext): CaseCommandContext => {
    const request = context.switchToHttp().getRequest<Request>();
    const expectedVersion = expectedVersionOf(request);
    const metadata = readMetadata(request);
    const ids = plainToInstance(params, request.params);
    const errors = validateSync(ids, VALIDATOR_OPTIONS);
    if (errors.length > 0) throw validationFailed(errors);
    return new CaseCommandContext(ids, expectedVersion, metadata);
  },
);

/**
 * Gives a command endpoint its CaseCommandContext: `@OnCase() on`, or `@OnCase(ReferralParams) on`
 * for a route with more ids than the case's.
 */
export const OnCase = <P extends CaseParams>(params?: Type<P>): ParameterDecorator =>
  caseCommandContext(params ?? CaseParams);
