import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsObject,
  IsISO8601,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/**
 * Field rules shared by every command body. Each caps its size: a request can
 * never store more text than a case record reasonably holds.
 */
// No '.': ids become field names in stored documents (referrals, goals, descriptions by id),
// which FerretDB rejects and MongoDB reads as paths.
export const ID_PATTERN = /^[A-Za-z0-9_:@-]+$/;

export const Id = () => applyDecorators(IsString(), IsNotEmpty(), MaxLength(128), Matches(ID_PATTERN));

export const Text = (max = 200) => applyDecorators(IsString(), IsNotEmpty(), MaxLength(max));

/** Free text about the client (notes, summaries): objective and concise, but room for a meeting's account. */
export const Narrative = (max = 10_000) => applyDecorators(IsString(), IsNotEmpty(), MaxLength(max));

export const CalendarDate = () =>
  applyDecorators(
    IsString(),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' }),
    IsISO8601({ strict: true }),
  );

export const Instant = () =>
  applyDecorators(
    IsString(),
    IsISO8601({ strict: true }),
    Matches(/T/, { message: '$property must be a date-time' }),
  );

export const OneOf = (values: readonly string[]) => applyDecorators(IsString(), IsIn(values as string[]));

export const Nested = (type: () => new () => object) =>
  applyDecorators(IsDefined(), IsObject(), ValidateNested(), Type(type));

/** `IsObject` each: ValidateNested alone lets a list nested in the list through, unvalidated. */
export const NestedList = (type: () => new () => object, max = 100) =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(max),
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(type),
  );

export const IdList = (max = 50) =>
  applyDecorators(
    IsArray(),
    ArrayMaxSize(max),
    IsString({ each: true }),
    MaxLength(128, { each: true }),
    Matches(ID_PATTERN, { each: true }),
  );

export const Optional = IsOptional;
