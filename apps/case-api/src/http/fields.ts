import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
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
import { CALENDAR_DATE } from '@casetrail/domain';

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
    Matches(CALENDAR_DATE, { message: '$property must be a date YYYY-MM-DD' }),
    IsISO8601({ strict: true }),
  );

/**
 * `T` says date-time in the OpenAPI document; the zone the domain requires of an instant
 * (ISO_INSTANT) is its rule to enforce, answered as INVALID_TIMESTAMP.
 */
export const Instant = () =>
  applyDecorators(
    IsString(),
    IsISO8601({ strict: true }),
    Matches(/T/, { message: '$property must be a date-time' }),
  );

/**
 * A query bound: a YYYY-MM-DD day, or one followed by a time. The read model parses it and
 * refuses what is no instant (INVALID_PERIOD).
 */
export const DAY_OR_DATE_TIME = new RegExp(`${CALENDAR_DATE.source.replace(/\$$/, '')}(T.*)?$`);

/** `?types=A,B` and `?types=A&types=B` both mean a list. */
export const QueryList = () =>
  Transform(({ value }: { value: unknown }): unknown[] =>
    (Array.isArray(value) ? (value as unknown[]) : [value]).flatMap((v): unknown[] =>
      typeof v === 'string' ? v.split(',') : [v],
    ),
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
