import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import { DomainError } from '@casetrail/domain';
import { AccessLogUnavailableError, WrongExpectedVersionError } from '@casetrail/event-store';
import { errorSerializer, unavailability, type Dependency } from '@casetrail/platform';
import { AccessDeniedError } from '../access/access-denied.error';

const NOT_FOUND_CODES = new Set(['CASE_NOT_FOUND', 'CLIENT_NOT_FOUND']);
/**
 * The case is in a state no request can change: after an erasure, the client's key is gone for good;
 * or the request conflicts with what is known: a likely duplicate of a known client.
 */
const CONFLICT_CODES = new Set([
  'CLIENT_DATA_ERASED',
  'POSSIBLE_DUPLICATE',
  // An approval decided on what is no longer waiting, or no longer the current plan version.
  'APPROVAL_NOT_PENDING',
  'PLAN_VERSION_OUTDATED',
  'CLOSING_ALREADY_REQUESTED',
  'TRANSFER_ALREADY_REQUESTED',
  // Merging client records: merged before into another, or a chain the registry does not follow.
  'CLIENT_ALREADY_MERGED',
  'CLIENT_MERGED',
  // A vocabulary version published on one that is no longer in force.
  'VOCABULARY_VERSION_NOT_NEXT',
  // A form version published on one that is no longer the form's latest.
  'FORM_VERSION_OUT_OF_SEQUENCE',
]);
/** The caller may not do this to this record whatever the policy grants: approving their own request. */
const FORBIDDEN_CODES = new Set(['SELF_APPROVAL_FORBIDDEN']);

/** How soon a client may try again after a 503 for a dependency that did not answer. */
export const RETRY_AFTER_SECONDS = 2;

/** One line per outage, not per request: during one every request fails the same way. */
const OUTAGE_LOG_EVERY_MS = 5_000;

const UNAVAILABLE: Record<Dependency, string> = {
  database: 'The database did not answer in time. If this was a command, it was not acknowledged: retry it.',
  kafka: 'Kafka did not answer in time; retry later.',
};

/** The methods a path is served with (none: an unknown path), for 405 and its `Allow`. */
export type AllowedMethods = (path: string) => readonly string[];

/** An RFC 9457 problem type per code: a URN, since no page is served for it. */
export const problemType = (code: string): string =>
  `urn:casetrail:problem:${code.toLowerCase().replace(/_/g, '-')}`;

/**
 * One error shape for every failure: RFC 9457 problem details (`application/problem+json`:
 * `type`, `title`, `status`, `detail`, `instance`) that keep Casetrail's `{ code, message, ... }`.
 * A known path asked with a method it does not serve is a 405 with `Allow`.
 * Broken invariants are 422 with their domain code, stale versions 409, a database or Kafka that
 * does not answer 503 with `Retry-After`, and only an unexpected fault is a 500 (logged, never
 * with its internals in the response).
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');
  /** Per dependency: when its outage was last logged, since when it lasts, how many 503s since. */
  private readonly outages = new Map<Dependency, { at: number; since: number; unlogged: number }>();

  constructor(private readonly allowedMethods: AllowedMethods = () => []) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request | undefined>();
    const outage = unavailability(error);
    const dependency = outage?.dependency ?? null;
    let [status, body] = this.describe(error, dependency);
    const allow =
      status === 404 && request && error instanceof HttpException ? this.allowedMethods(request.path) : [];
    if (request && allow.length > 0 && !allow.includes(request.method)) {
      status = HttpStatus.METHOD_NOT_ALLOWED;
      body = {
        code: 'METHOD_NOT_ALLOWED',
        message: `${request.method} is not served on ${request.path}; it serves ${allow.join(', ')}`,
        allow: [...allow],
      };
      response.setHeader('Allow', allow.join(', '));
    }
    if (outage) this.logOutage(outage.dependency, outage.because);
    else if (status >= 500)
      // Its kind and stack frames only: a message may quote what the client sent (see errorSerializer).
      this.logger.error({ error: errorSerializer(error), msg: 'Unexpected error' });
    // Both are back when the database is; a rebuild-required 503 is not a matter of waiting.
    if (dependency || error instanceof AccessLogUnavailableError)
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
    response.status(status).json(problemOf(status, body, request?.path));
  }

  private describe(error: unknown, dependency: Dependency | null): [number, Record<string, unknown>] {
    if (error instanceof AccessLogUnavailableError) {
      // A read that cannot be recorded does not answer; the message names no client and no case.
      return [HttpStatus.SERVICE_UNAVAILABLE, { code: 'ACCESS_LOG_UNAVAILABLE', message: error.message }];
    }
    if (dependency) {
      // The driver's message names hosts and perhaps a query: the body says only what failed.
      return [
        HttpStatus.SERVICE_UNAVAILABLE,
        { code: 'SERVICE_UNAVAILABLE', message: UNAVAILABLE[dependency], dependency },
      ];
    }
    if (error instanceof WrongExpectedVersionError) {
      return [
        HttpStatus.CONFLICT,
        {
          code: 'WRONG_EXPECTED_VERSION',
          message: error.message,
          expectedVersion: error.expectedVersion,
          actualVersion: error.actualVersion,
        },
      ];
    }
    if (error instanceof AccessDeniedError) {
      return [error.denial.status, { code: error.denial.code, message: error.denial.message }];
    }
    if (error instanceof DomainError) {
      const status = NOT_FOUND_CODES.has(error.code)
        ? HttpStatus.NOT_FOUND
        : CONFLICT_CODES.has(error.code)
          ? HttpStatus.CONFLICT
          : FORBIDDEN_CODES.has(error.code)
            ? HttpStatus.FORBIDDEN
            : HttpStatus.UNPROCESSABLE_ENTITY;
      return [status, { code: error.code, message: error.message, details: error.details }];
    }
    if (error instanceof HttpException) {
      const response = error.getResponse();
      const body: Record<string, unknown> =
        typeof response === 'string'
          ? { code: codeFor(error.getStatus()), message: response }
          : { code: codeFor(error.getStatus()), ...(response as Record<string, unknown>) };
      delete body.statusCode;
      delete body.error;
      return [error.getStatus(), body];
    }
    // Body-parser failures (malformed JSON, too large) carry a status but are not HttpExceptions.
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return [status, { code: codeFor(status), message: (error as Error).message }];
    }
    return [HttpStatus.INTERNAL_SERVER_ERROR, { code: 'INTERNAL_ERROR', message: 'Unexpected error' }];
  }

  /**
   * The error's class and code only: a server error's message may quote what was written.
   * The first failure is logged, then at most one line per interval with how many there were.
   */
  private logOutage(dependency: Dependency, error: Error): void {
    const now = Date.now();
    const last = this.outages.get(dependency);
    const count = (last?.unlogged ?? 0) + 1;
    if (last && now - last.at < OUTAGE_LOG_EVERY_MS) {
      this.outages.set(dependency, { ...last, unlogged: count });
      return;
    }
    // A quiet spell of two intervals ends an outage: the next failure starts a new one.
    const since = last && now - last.at < 2 * OUTAGE_LOG_EVERY_MS ? last.since : now;
    this.outages.set(dependency, { at: now, since, unlogged: 0 });
    const code = (error as { code?: unknown }).code;
    this.logger.warn(
      `${dependency} unavailable: answered 503 to ${count} request(s) (${error.name}${
        typeof code === 'number' || typeof code === 'string' ? ` code ${code}` : ''
      }; failing since ${new Date(since).toISOString()})`,
    );
  }
}

/** The RFC 9457 members first, then Casetrail's own (which keep `code` and `message`). */
const problemOf = (status: number, body: Record<string, unknown>, instance: string | undefined) => {
  const code = typeof body.code === 'string' ? body.code : codeFor(status);
  const message = typeof body.message === 'string' ? body.message : (STATUS_CODES[status] ?? 'Error');
  return {
    type: problemType(code),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: message,
    ...(instance === undefined ? {} : { instance }),
    ...body,
    code,
    message,
  };
};

const codeFor = (status: number): string =>
  HttpStatus[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
