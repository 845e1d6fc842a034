import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CASE_EVENT_TYPES } from '@casetrail/domain';
import { TIMELINE_CATEGORIES, type TimelineCategory } from '@casetrail/read-models';
import { Instant } from '../http/fields';
import { PageQuery } from './caseload.query';

/** `?types=A,B` and `?types=A&types=B` both mean a list. */
const list = () =>
  Transform(({ value }: { value: unknown }): unknown[] =>
    (Array.isArray(value) ? (value as unknown[]) : [value]).flatMap((v): unknown[] =>
      typeof v === 'string' ? v.split(',') : [v],
    ),
  );

export class TimelineQuery extends PageQuery {
  @IsOptional()
  @list()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(CASE_EVENT_TYPES as string[], { each: true })
  types?: string[];
  @IsOptional()
  @list()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(TIMELINE_CATEGORIES, { each: true })
  categories?: TimelineCategory[];
  /** When it happened, from (inclusive): an instant or a YYYY-MM-DD day. */
  @IsOptional() @IsString() @MaxLength(40) @Matches(/^\d{4}-\d{2}-\d{2}(T.*)?$/) from?: string;
  /** When it happened, to (exclusive). */
  @IsOptional() @IsString() @MaxLength(40) @Matches(/^\d{4}-\d{2}-\d{2}(T.*)?$/) to?: string;
  /** The timeline as it stood then: only entries recorded by this instant. */
  @IsOptional() @Instant() asOf?: string;
  @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
}
