import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsDefined,
  IsObject,
  IsIn,
  IsNotEmpty,
  ValidateIf,
  ValidateBy,
  buildMessage,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { CALENDAR_DATE, toUtc, VOCABULARY_CODE } from '@casetrail/domain';

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

/*
 * Dates and instants are checked by one regular expression each, and the OpenAPI document
 * carries that same expression, so what the schema allows and what the API accepts cannot
 * differ (a looser check plus a parser disagreed on years 0000-0099 and on 31 February).
 * Accepted: calendar dates 1900-01-01 to 2999-12-31, leap years included; instants on those
 * dates as RFC 3339 date-times with seconds and a zone (`Z` or `±hh:mm`), up to 9 decimals.
 * `[0-9]`, not `\d`: other engines (the fuzzers' among them) read `\d` as any Unicode digit.
 */
const YEAR = '(?:19|2[0-9])[0-9]{2}';
const LEAP_YEAR = '(?:(?:19|2[0-9])(?:0[48]|[2468][048]|[13579][26])|2[048]00)';
const MONTH_DAY =
  '(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)';
const DAY = `(?:${YEAR}-${MONTH_DAY}|${LEAP_YEAR}-02-29)`;
const TIME =
  'T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{1,9})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])';

/** A calendar date, YYYY-MM-DD, that exists. */
export const DATE_PATTERN = new RegExp(`^${DAY}$`);
/** An instant: a date-time with its zone. */
export const INSTANT_PATTERN = new RegExp(`^${DAY}${TIME}$`);
/** A query bound: a calendar date (the start of that day in the agency's zone) or an instant. */
export const MOMENT_PATTERN = new RegExp(`^${DAY}(?:${TIME})?$`);

/**
 * Matches one of the patterns above, under the rule name clients already know (`isIso8601`);
 * the document states the same pattern.
 */
const IsoPattern = (pattern: RegExp, message: string, format?: 'date' | 'date-time') =>
  applyDecorators(
    ValidateBy({
      name: 'isIso8601',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && pattern.test(value),
        defaultMessage: buildMessage((each) => `${each}$property must be ${message}`),
      },
    }),
    JSONSchema({ pattern: pattern.source, ...(format ? { format } : {}) }),
  );

/** The shape first (`matches`), then that the day exists and is in range (`isIso8601`). */
export const CalendarDate = () =>
  applyDecorators(
    IsString(),
    Matches(CALENDAR_DATE, { message: '$property must be a date YYYY-MM-DD' }),
    IsoPattern(DATE_PATTERN, 'an existing date YYYY-MM-DD from 1900 to 2999', 'date'),
  );

/** An instant with an offset is the UTC instant it names from here on: events compare instants. */
const toUtcInstant = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && INSTANT_PATTERN.test(value) ? toUtc(value) : value;

export const Instant = () =>
  applyDecorators(
    IsString(),
    // A valid date or date-time (`isIso8601`), and one with a time (`matches`): together, the
    // instant pattern, which the document states in place of both.
    ValidateBy({
      name: 'isIso8601',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && MOMENT_PATTERN.test(value),
        defaultMessage: buildMessage(
          (each) => `${each}$property must be a date-time with seconds and a zone (years 1900-2999)`,
        ),
      },
    }),
    Matches(/T/, { message: '$property must be a date-time, e.g. 2026-12-01T14:01:00-05:00' }),
    JSONSchema({ pattern: INSTANT_PATTERN.source, format: 'date-time' }),
    Transform(toUtcInstant),
  );

/** Properties of a query class that are moments: the validation pipe resolves them to UTC instants. */
export const MOMENT_FIELDS = Symbol('casetrail:moment-fields');

/** The moment fields of an instance's class and the classes it extends. */
export const momentFieldsOf = (instance: object): string[] => {
  const fields: string[] = [];
  for (let at: unknown = Object.getPrototypeOf(instance); at; at = Object.getPrototypeOf(at))
    fields.push(...((Reflect.getOwnMetadata(MOMENT_FIELDS, at) as string[] | undefined) ?? []));
  return fields;
};

/**
 * A query bound: an instant, or a calendar date meaning the start of that day in the agency's
 * time zone. Handlers always receive the UTC instant (see validation.ts).
 */
export const Moment = () =>
  applyDecorators(
    IsString(),
    Matches(MOMENT_PATTERN, {
      message: '$property must be a date YYYY-MM-DD or a date-time with seconds and a zone (years 1900-2999)',
    }),
    (target: object, key: string | symbol) => {
      const own = (Reflect.getOwnMetadata(MOMENT_FIELDS, target) as string[] | undefined) ?? [];
      Reflect.defineMetadata(MOMENT_FIELDS, [...own, String(key)], target);
    },
  );

/** `?types=A,B` and `?types=A&types=B` both mean a list. */
export const QueryList = () =>
  Transform(({ value }: { value: unknown }): unknown[] =>
    (Array.isArray(value) ? (value as unknown[]) : [value]).flatMap((v): unknown[] =>
      typeof v === 'string' ? v.split(',') : [v],
    ),
  );

export const OneOf = (values: readonly string[]) => applyDecorators(IsString(), IsIn(values as string[]));

/**
 * A code of one of the agency's vocabularies: only its shape here; whether it is in the version in
 * force (and not retired) is the domain's to decide, against the vocabulary the command carries.
 */
export const Code = () => applyDecorators(IsString(), MaxLength(49), Matches(VOCABULARY_CODE));

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

/**
 * May be left out, but not sent as null: the document types every field, and null is no
 * string, number or list (class-validator's IsOptional would take null as absent).
 */
export const Optional = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** A non-empty list of vocabulary values (a consent's categories); one named twice is the domain's DUPLICATE_ID. */
export const OneOfList = (values: readonly string[], max = values.length) =>
  applyDecorators(
    IsArray(),
    ArrayNotEmpty(),
    ArrayMaxSize(max),
    IsString({ each: true }),
    IsIn(values as string[], { each: true }),
  );
