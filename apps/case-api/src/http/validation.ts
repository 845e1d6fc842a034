import {
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { startOfDayIn, toUtc } from '@casetrail/domain';
import { DATE_PATTERN, momentFieldsOf } from './fields';

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

/**
 * A validated moment as the handlers take it: a date is the instant its day begins in the
 * agency's time zone, an instant with an offset the same instant in UTC.
 */
export const resolveMoments = (instance: object, zone: string): void => {
  const fields = instance as Record<string, unknown>;
  for (const field of momentFieldsOf(instance)) {
    const value = fields[field];
    if (typeof value === 'string')
      fields[field] = DATE_PATTERN.test(value) ? startOfDayIn(value, zone) : toUtc(value);
  }
};

class CasetrailValidationPipe extends ValidationPipe {
  constructor(private readonly agencyTimeZone: string) {
    super({ ...VALIDATOR_OPTIONS, transform: true, exceptionFactory: validationFailed });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const result: unknown = await super.transform(value, metadata);
    if (typeof result === 'object' && result !== null) resolveMoments(result, this.agencyTimeZone);
    return result;
  }
}

export const validationPipe = (agencyTimeZone = 'UTC'): ValidationPipe =>
  new CasetrailValidationPipe(agencyTimeZone);
