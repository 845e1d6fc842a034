import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';

export interface FieldError {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

/** Nested errors flattened to one entry per broken rule, with the dotted path of the field. */
export const flattenValidationErrors = (errors: readonly ValidationError[], prefix = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });

/** Unknown fields are rejected, not dropped: a typo in a case record must not pass silently. */
export const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

/** The one answer to invalid input, wherever it was validated. */
export const validationFailed = (errors: readonly ValidationError[]): BadRequestException =>
  new BadRequestException({
    code: 'VALIDATION_FAILED',
    message: 'The request has invalid fields',
    errors: flattenValidationErrors(errors),
  });

export const validationPipe = () =>
  new ValidationPipe({ ...VALIDATOR_OPTIONS, transform: true, exceptionFactory: validationFailed });
