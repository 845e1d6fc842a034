import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '@casetrail/domain';
import { AccessLogUnavailableError, WrongExpectedVersionError } from '@casetrail/event-store';
import { AccessDeniedError } from '../access/access-denied.error';

const NOT_FOUND_CODES = new Set(['CASE_NOT_FOUND']);

/**
 * One error shape for every failure: `{ code, message, ... }`.
 * Broken invariants are 422 with their domain code, stale versions 409, and only an
 * unexpected fault is a 500 (logged, never with its internals in the response).
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const [status, body] = this.describe(error);
    if (status >= 500)
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    response.status(status).json(body);
  }

  private describe(error: unknown): [number, Record<string, unknown>] {
    if (error instanceof AccessLogUnavailableError) {
      // A read that cannot be recorded does not answer; the message names no client and no case.
      return [HttpStatus.SERVICE_UNAVAILABLE, { code: 'ACCESS_LOG_UNAVAILABLE', message: error.message }];
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
      const status = NOT_FOUND_CODES.has(error.code) ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_ENTITY;
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
}

const codeFor = (status: number): string =>
  HttpStatus[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
