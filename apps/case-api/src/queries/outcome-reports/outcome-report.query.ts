import { IsIn, IsOptional } from 'class-validator';
import { AS_OF_BASES, OUTCOME_GROUPINGS, type AsOfBasis, type OutcomeGrouping } from '@casetrail/read-models';
import { Id, Moment } from '../../http/fields';

export class OutcomeReportQuery {
  /** Start of the period (inclusive). */
  @Moment() from!: string;
  /** End of the period (exclusive). */
  @Moment() to!: string;
  @IsOptional() @IsIn(OUTCOME_GROUPINGS) groupBy?: OutcomeGrouping;
  /** Restricts the report to one program. */
  @IsOptional() @Id() programId?: string;
  /** Restricts the report to one team. */
  @IsOptional() @Id() teamId?: string;
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
  /**
   * The report as it would have been produced at this instant: cohort follow-up and overdue reviews
   * as of then. With `basis=recorded` (default) only what was recorded by then counts, so a published
   * report can be produced again, equal, whatever is recorded later; `occurred` counts what had
   * happened by then, corrections and late entries included.
   */
  @IsOptional() @Moment() asOf?: string;
  @IsOptional() @IsIn(AS_OF_BASES) basis?: AsOfBasis;
  /** Only cases of which a plan version was approved by a supervisor (programs requiring plan approval). */
  @IsOptional() @IsIn(['true', 'false']) approvedPlansOnly?: 'true' | 'false';
}
