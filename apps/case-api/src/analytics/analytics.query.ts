import { IsIn, IsOptional } from 'class-validator';
import { Id, Moment } from '../http/fields';
import { PageQuery } from '../queries/page.query';

/** Paged like every list, so that one answer (and its access record) names a bounded number of cases. */
export class TimelinesListQuery extends PageQuery {
  /** Cases engaged from this date or instant (inclusive). */
  @Moment() from!: string;
  /** Cases engaged before this date or instant (exclusive). */
  @Moment() to!: string;
  @IsOptional() @Id() programId?: string;
  /** `true`: engagement dates shifted by each case's own whole number of days. */
  @IsOptional() @IsIn(['true', 'false']) shiftDates?: 'true' | 'false';
}

export class TimelineReadQuery {
  @IsOptional() @IsIn(['true', 'false']) shiftDates?: 'true' | 'false';
}

export class PseudonymParams {
  /**
   * A case's pseudonym as GET /analytics/timelines listed it (`c_…`): shaped like any path id (a
   * malformed one is 400), and one not made for the caller is 404 like an unknown case.
   */
  @Id() pseudonym!: string;
}
