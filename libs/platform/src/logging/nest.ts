import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { httpLoggerOptions } from './logger';

/**
 * nestjs-pino over the process's root logger: with `app.useLogger(app.get(Logger))` (nestjs-pino's
 * `Logger`), every `new Logger(context)` in the code base logs through it, and inside a request its
 * lines carry the request's ids. `http: false` for an app that serves no HTTP (the projector).
 */
export const loggingModule = (logger: Logger, options: { http?: boolean } = {}): DynamicModule =>
  LoggerModule.forRoot({
    pinoHttp: options.http === false ? { logger, autoLogging: false } : httpLoggerOptions(logger),
    renameContext: 'context',
  });
