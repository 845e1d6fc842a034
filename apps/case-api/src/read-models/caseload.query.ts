import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { Id } from '../http/fields';

export const CASELOAD_SORTS = [
  'engagedAt',
  'nextReviewDate',
  'lastContactAt',
  'highestSeverity',
  'clientName',
  'caseNumber',
] as const;
export type CaseloadSort = (typeof CASELOAD_SORTS)[number];

export class PageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) offset?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class CaseloadQuery extends PageQuery {
  @IsOptional() @IsIn(['open', 'closed', 'all']) status?: 'open' | 'closed' | 'all';
  @IsOptional() @Id() programId?: string;
  @IsOptional() @Id() teamId?: string;
  @IsOptional()
  @IsIn(['engagement', 'assessment', 'service_planning', 'implementation', 'monitoring', 'closed'])
  stage?: string;
  /** Only cases whose next review date has passed. */
  @IsOptional() @IsIn(['true', 'false']) overdue?: 'true' | 'false';
  @IsOptional() @IsIn(CASELOAD_SORTS) sort?: CaseloadSort;
  @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
}

/** Supervisors look across a team or a program; one of the two is required. */
export class TeamCaseloadQuery extends CaseloadQuery {}

export class CaseManagerParams {
  @Id() caseManagerId!: string;
}
