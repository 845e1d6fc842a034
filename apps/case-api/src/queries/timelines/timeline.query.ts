import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import { CASE_EVENT_TYPES } from '@casetrail/domain';
import { TIMELINE_CATEGORIES, type TimelineCategory } from '@casetrail/read-models';
import { Moment, QueryList } from '../../http/fields';
import { PageQuery } from '../page.query';

export class TimelineQuery extends PageQuery {
  @IsOptional()
  @QueryList()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(CASE_EVENT_TYPES as string[], { each: true })
  types?: string[];
  @IsOptional()
  @QueryList()
  @IsArray()
  @ArrayMaxSize(20)
  @IsIn(TIMELINE_CATEGORIES, { each: true })
  categories?: TimelineCategory[];
  /** When it happened, from (inclusive): an instant or a YYYY-MM-DD day. */
  @IsOptional() @Moment() from?: string;
  /** When it happened, to (exclusive). */
  @IsOptional() @Moment() to?: string;
  /** The timeline as it stood then: only entries recorded by this instant. */
  @IsOptional() @Moment() asOf?: string;
  @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
}
