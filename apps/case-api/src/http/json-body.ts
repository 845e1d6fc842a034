import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { jsonTextProblem } from './json-text';
import type { FieldError } from './validation';

/** Far deeper than any command body nests (AmendPlan's goalsAdded[].milestones[] is 4 levels). */
export const MAX_BODY_DEPTH = 32;

/**
 * Keys that are an object's prototype machinery in JavaScript. Nest's validation pipe deletes
 * them before validating, so without this check they would be dropped silently instead of
 * rejected like any other unknown field.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const hasBody = (request: Request): boolean =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

/**
 * What makes a parsed body unfit for validation: nesting past MAX_BODY_DEPTH (the validation
 * pipe and class-transformer recurse, and a hostile depth exhausts the stack: a 500) or a
 * prototype key. Walks iteratively, so the check itself cannot overflow.
 */
export const bodyProblem = (body: unknown): FieldError | null => {
  const pending: { value: unknown; field: string; depth: number }[] = [{ value: body, field: '', depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, field, depth } = next;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH)
      return {
        field: field || 'body',
        rule: 'maxDepth',
        message: `nests deeper than ${MAX_BODY_DEPTH} levels`,
      };
    for (const [key, child] of Object.entries(value)) {
      const path = field ? `${field}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key))
        return { field: path, rule: 'whitelistValidation', message: `property ${key} should not exist` };
      pending.push({ value: child, field: path, depth: depth + 1 });
    }
  }
  return null;
};

/**
 * Bodies are JSON and nothing else: any other content type is a 415 rather than a body read as
 * empty (or form fields read as strings), and a body is checked for depth and prototype keys
 * before the validation pipe sees it. Create the app with `bodyParser: false` so that Nest adds
 * no urlencoded parser of its own.
 */
export const acceptJsonBodies = (app: NestExpressApplication, limit: string): void => {
  app.use((request: Request, _response: Response, next: NextFunction) => {
    if (hasBody(request) && !request.is('application/json'))
      return next(
        new UnsupportedMediaTypeException({
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: 'Request bodies must be application/json',
        }),
      );
    next();
  });
  // Checked on the bytes as they came, in one pass, and reported after parsing (a verify
  // error would be answered 403 by the parser).
  const textProblems = new WeakMap<object, FieldError>();
  app.useBodyParser('json', {
    limit,
    verify: (request: object, _response: unknown, bytes: Buffer) => {
      const problem = jsonTextProblem(bytes);
      if (problem) textProblems.set(request, problem);
    },
  });
  app.use((request: Request, _response: Response, next: NextFunction) => {
    const problem = textProblems.get(request) ?? bodyProblem(request.body);
    if (problem === null) return next();
    next(
      new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'The request has invalid fields',
        errors: [problem],
      }),
    );
  });
};
