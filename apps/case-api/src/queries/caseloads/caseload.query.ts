import { IsIn, IsOptional } from 'class-validator';
import {
  AS_OF_BASES,
  CASE_STAGES,
  CASELOAD_SORTS,
  type AsOfBasis,
  type CaseloadSort,
  type CaseStage,
} from '@casetrail/read-models';
import { Id, Moment } from '../../http/fields';
import { PageQuery } from '../page.query';

export class CaseloadQuery extends PageQuery {
  @IsOptional() @IsIn(['open', 'closed', 'all']) status?: 'open' | 'closed' | 'all';
  @IsOptional() @Id() programId?: string;
  @IsOptional() @Id() teamId?: string;
  @IsOptional() @IsIn(CASE_STAGES) stage?: CaseStage;
  /** Only cases whose next review date has passed. */
  @IsOptional() @IsIn(['true', 'false']) overdue?: 'true' | 'false';
  /** Only cases with a plan or a closing waiting for a supervisor's approval (true), or none (false). */
  @IsOptional() @IsIn(['true', 'false']) pendingApproval?: 'true' | 'false';
  @IsOptional() @IsIn(CASELOAD_SORTS) sort?: CaseloadSort;
  @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
  /** The caseload as it stood at this instant (a case transferred away since is still on it). */
  @IsOptional() @Moment() asOf?: string;
  /** `recorded` (default): what the agency knew then; `occurred`: what had happened by then. */
  @IsOptional() @IsIn(AS_OF_BASES) basis?: AsOfBasis;
}

export class CaseManagerParams {
  @Id() caseManagerId!: string;
}
