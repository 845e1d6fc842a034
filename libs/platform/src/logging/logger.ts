import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Level, type Logger, type LoggerOptions } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { REDACTED, REDACT_PATHS } from './redaction';
import { requestContextOf, requestLogFields } from './request-context';
import type { LogLevel } from '../config';

/**
 * The options every Casetrail process logs with: one JSON object per line, ISO times, the level by
 * name (what a log search filters on), the app's name, and the redaction list.
 */
export const pinoOptions = (level: LogLevel, app: string): LoggerOptions => ({
  level,
  base: { app },
  messageKey: 'msg',
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label: string) => ({ level: label }) },
  redact: { paths: [...REDACT_PATHS], censor: REDACTED },
  serializers: { err: errorSerializer },
});

/**
 * An error's kind and where it was thrown, not its message: a driver's or a validator's message
 * may quote what was written (a client's name in a document), and stack frames never do.
 */
export const errorSerializer = (error: unknown): Record<string, unknown> => {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: (error.stack ?? '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .join('\n'),
  };
};

/** A process's root logger: JSON lines to stdout (or `destination`). */
export const createLogger = (level: LogLevel, app: string, destination?: DestinationStream): Logger =>
  destination ? pino(pinoOptions(level, app), destination) : pino(pinoOptions(level, app));

/**
 * For the CLI's machine mode (`--json`): the same JSON lines, on stderr, so stdout stays the
 * command's own output. Synchronous, so nothing is lost when the command exits right after.
 * `stderr`: the stream the command was given instead of the process's own (a test's capture).
 */
export const machineModeLogger = (
  level: LogLevel = 'info',
  app = 'cli',
  stderr?: { write(chunk: string): unknown },
): Logger =>
  createLogger(
    level,
    app,
    stderr ? { write: (line: string) => void stderr.write(line) } : pino.destination({ fd: 2, sync: true }),
  );

const pathOf = (url: string | undefined): string => (url ?? '/').split('?')[0] ?? '/';

/**
 * pino-http as the request logger: one line per request with method, path (no query: a search
 * could carry a name), status and duration; each request's lines carry `reqId`, `correlationId`,
 * `traceId` and `spanId` (the request context). Never headers or bodies.
 */
export const httpLoggerOptions = (logger: Logger): PinoHttpOptions<IncomingMessage, ServerResponse> => ({
  logger,
  genReqId: (request) => requestContextOf(request).reqId,
  // The per-request logger binds the id and the context, not the whole request, to every line.
  quietReqLogger: true,
  customProps: (request) => requestLogFields(requestContextOf(request)),
  customLogLevel: (_request, response, error): Level =>
    error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
  serializers: {
    req: (request: { method?: string; url?: string }) => ({
      method: request.method,
      path: pathOf(request.url),
    }),
    res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
    err: errorSerializer,
  },
});
