import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { APPROVAL_DECISIONS, type ApprovalDecision } from '@casetrail/domain';
import { Instant, Narrative, OneOf, Optional } from '../../http/fields';

export class DecidePlanApprovalDto {
  @OneOf(APPROVAL_DECISIONS) decision!: ApprovalDecision;
  /** The plan version decided on (PlanAmended.amendmentNumber, `plan.amendmentNumber` in the case). */
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100000 })
  @IsInt()
  @Min(1)
  @Max(100000)
  planVersion!: number;
  /** Required when returning: what must change. */
  @Optional() @Narrative() comments?: string;
  @Optional() @Instant() occurredAt?: string;
}
