import { IsBoolean, IsEmail, IsUUID, MaxLength } from 'class-validator';
import { REFERRAL_SOURCES, type ReferralSource } from '@casetrail/domain';
import {
  CalendarDate,
  Id,
  IdList,
  Instant,
  Narrative,
  Nested,
  OneOf,
  Optional,
  Text,
} from '../../http/fields';
import { FormSubmissionDto } from '../form-submission.dto';

export class ClientIdentityDto {
  @Text(100) givenName!: string;
  @Text(100) familyName!: string;
  @CalendarDate() dateOfBirth!: string;
  @Optional() @Text(40) phone?: string;
  @Optional() @IsEmail() @Text(254) email?: string;
  @Optional() @Text(500) address?: string;
}

export class ConsentDto {
  @IsBoolean() toServices!: boolean;
  @IsBoolean() toInformationSharing!: boolean;
  @IdList(50) sharingWith!: string[];
}

export class DuplicateCheckDto {
  /** Every candidate case a POSSIBLE_DUPLICATE answer named, checked and found to be someone else. */
  @IdList(50) confirmedNewAfter!: string[];
}

export class EngageClientDto {
  /**
   * The client, when they already have a case here (another case for the same person); absent: a
   * client not met before, given a new id. Their name is never how a client is matched.
   */
  @Optional() @IsUUID() @MaxLength(36) clientId?: string;
  /** The agency's own case number; generated when absent. */
  @Optional() @Id() caseNumber?: string;
  @Id() programId!: string;
  @Optional() @Id() teamId?: string;
  /** Absent: the case waits unassigned for a supervisor. */
  @Optional() @Id() caseManagerId?: string;
  @OneOf(REFERRAL_SOURCES) referralSource!: ReferralSource;
  @Nested(() => ConsentDto) consent!: ConsentDto;
  @Nested(() => ClientIdentityDto) client!: ClientIdentityDto;
  @Narrative(5_000) presentingConcerns!: string;
  /**
   * A new client although intake found likely matches: the cases shown were checked. Absent, a
   * likely match answers 409 POSSIBLE_DUPLICATE; ignored when clientId names the client.
   */
  @Optional() @Nested(() => DuplicateCheckDto) duplicateCheck?: DuplicateCheckDto;
  /** When the engagement happened, if before it was recorded. */
  @Optional() @Instant() engagedAt?: string;
  /** The answers to the program's form at this point, if it has one (a required one cannot be left out). */
  @Optional() @Nested(() => FormSubmissionDto) form?: FormSubmissionDto;
}
