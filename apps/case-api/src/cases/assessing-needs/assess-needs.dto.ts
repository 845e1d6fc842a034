import { SEVERITIES, type NeedDomainCode, type Severity } from '@casetrail/domain';
import { Code, Id, Instant, Narrative, Nested, NestedList, OneOf, Optional, Text } from '../../http/fields';
import { Description, NumberIn } from '../shared-dtos';
import { FormSubmissionDto } from '../form-submission.dto';

export class AssessedNeedDto {
  /** Minted when absent; an id from an earlier assessment re-rates that need. */
  @Optional() @Id() needId?: string;
  @Code() domain!: NeedDomainCode;
  @OneOf(SEVERITIES) severity!: Severity;
  /** The household member the need concerns, in the household at the assessment; leave out for the client. */
  @Optional() @Id() memberId?: string;
  @Description() description?: string;
}

export class AssessedStrengthDto {
  @Optional() @Id() strengthId?: string;
  @Code() domain!: NeedDomainCode;
  @Description() description?: string;
}

export class ToolScoreDto {
  /** e.g. PHQ-9, AUDIT, DAST-10. */
  @Text(50) tool!: string;
  @NumberIn(-10_000, 10_000) score!: number;
  @Optional() @NumberIn(0, 10_000) maxScore?: number;
}

export class AssessNeedsDto {
  /** Minted when absent. */
  @Optional() @Id() assessmentId?: string;
  @Optional() @NestedList(() => AssessedNeedDto, 50) needs?: AssessedNeedDto[];
  @Optional() @NestedList(() => AssessedStrengthDto, 50) strengths?: AssessedStrengthDto[];
  @Optional() @NestedList(() => ToolScoreDto, 20) scores?: ToolScoreDto[];
  @Narrative() summary!: string;
  /** When the assessment took place, if before it was recorded. */
  @Optional() @Instant() assessedAt?: string;
  /** The answers to the program's form at this point, if it has one (a required one cannot be left out). */
  @Optional() @Nested(() => FormSubmissionDto) form?: FormSubmissionDto;
}
