import { BadRequestException, type ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { CommandResult } from './execute-case-command';

/** The expected version, from `If-Match: "3"` or `?expectedVersion=3`; undefined when neither. */
export const ExpectedVersion = createParamDecorator(
  (_: unknown, context: ExecutionContext): number | undefined => {
    const request = context.switchToHttp().getRequest<Request>();
    const raw: unknown = request.headers['if-match'] ?? request.query.expectedVersion;
    if (raw === undefined) return undefined;
    const first: unknown = Array.isArray(raw) ? raw[0] : raw;
    const text = (typeof first === 'string' ? first : '').replace(/^W\//, '').replace(/"/g, '');
    if (!/^\d{1,9}$/.test(text)) {
      throw new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'The expected version is invalid',
        errors: [
          { field: 'If-Match', rule: 'isInt', message: 'If-Match / expectedVersion must be a whole number' },
        ],
      });
    }
    return Number(text);
  },
);

export interface CommandResponseBody {
  readonly caseId: string;
  readonly version: number;
  readonly events: readonly { eventId: string; type: string; version: number; position: number }[];
}

/** What every command endpoint answers; a replayed retry answers exactly as the first time did. */
export const respond = (response: Response, result: CommandResult): CommandResponseBody => {
  response.setHeader('ETag', `"${result.version}"`);
  if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
  return {
    caseId: result.caseId,
    version: result.version,
    events: result.events.map((e) => ({
      eventId: e.eventId,
      type: e.type,
      version: e.version,
      position: e.position,
    })),
  };
};
