import { IsIn, IsOptional } from 'class-validator';
import { OUTCOME_GROUPINGS, type OutcomeGrouping } from '@casetrail/read-models';
import { Id, Moment } from '../../http/fields';

export class OutcomeReportQuery {
  /** Start of the period (inclusive). */
  @Moment() from!: string;
  /** End of the period (exclusive). */
  @Moment() to!: string;
  @IsOptional() @IsIn(OUTCOME_GROUPINGS) groupBy?: OutcomeGrouping;
  /** Restricts the report to one program. */
  @IsOptional() @Id() programId?: string;
  @IsOptional() @IsIn(['json', 'csv']) format?: 'json' | 'csv';
}
