import { IsIn, IsOptional } from 'class-validator';
import { CASE_STAGES, CASELOAD_SORTS, type CaseloadSort, type CaseStage } from '@casetrail/read-models';
import { Id } from '../../http/fields';
import { PageQuery } from '../page.query';

export class CaseloadQuery extends PageQuery {
  @IsOptional() @IsIn(['open', 'closed', 'all']) status?: 'open' | 'closed' | 'all';
  @IsOptional() @Id() programId?: string;
  @IsOptional() @Id() teamId?: string;
  @IsOptional() @IsIn(CASE_STAGES) stage?: CaseStage;
  /** Only cases whose next review date has passed. */
  @IsOptional() @IsIn(['true', 'false']) overdue?: 'true' | 'false';
  @IsOptional() @IsIn(CASELOAD_SORTS) sort?: CaseloadSort;
  @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
}

export class CaseManagerParams {
  @Id() caseManagerId!: string;
}
