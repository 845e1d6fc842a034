import { BadRequestException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ID_PATTERN } from './fields';

/** Path ids obey the same rule as ids in bodies; a bad one is a 400 naming the parameter. */
export class IdParam implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && value.length > 0 && value.length <= 128 && ID_PATTERN.test(value))
      return value;
    const field = metadata.data ?? 'id';
    throw new BadRequestException({
      code: 'VALIDATION_FAILED',
      message: 'The request has invalid fields',
      errors: [{ field, rule: 'isId', message: `${field} must be 1-128 of A-Z a-z 0-9 . _ : @ -` }],
    });
  }
}
