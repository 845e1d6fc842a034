import { IsInt, Max, Min } from 'class-validator';
import { type ContactTypeCode } from '@casetrail/domain';
import { Code, Id, IdList, Instant, Narrative, Nested, NestedList, Optional } from '../../http/fields';
import { ParticipantDto } from '../shared-dtos';
import { FormSubmissionDto } from '../form-submission.dto';

export class RecordContactDto {
  /** Minted when absent. */
  @Optional() @Id() contactId?: string;
  @Code() contactType!: ContactTypeCode;
  /** The client, and every professional involved. */
  @NestedList(() => ParticipantDto, 20) participants!: ParticipantDto[];
  @Optional() @IsInt() @Min(1) @Max(24 * 60) durationMinutes?: number;
  /** An objective, concise account of the conversation or meeting. */
  @Narrative() summary!: string;
  /** The plan's goals it worked on. */
  @Optional() @IdList(20) goalIds?: string[];
  /** The case's referrals it was about. */
  @Optional() @IdList(20) referralIds?: string[];
  /** The case's appointment it kept. */
  @Optional() @Id() appointmentId?: string;
  /** Required: when it happened, which is often earlier than when it is written down. */
  @Instant() happenedAt!: string;
  /** The answers to the program's form at this point, if it has one (a required one cannot be left out). */
  @Optional() @Nested(() => FormSubmissionDto) form?: FormSubmissionDto;
}
