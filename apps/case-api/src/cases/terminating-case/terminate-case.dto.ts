import {
  GOAL_OUTCOMES,
  REFERRAL_DISPOSITIONS,
  type ClosingReasonCode,
  type GoalOutcome,
  type ReferralDispositionValue,
  type ServiceTypeCode,
} from '@casetrail/domain';
import { Code, Id, Instant, Narrative, Nested, NestedList, OneOf, Optional } from '../../http/fields';
import { FormSubmissionDto } from '../form-submission.dto';

export class GoalClosingOutcomeDto {
  @Id() goalId!: string;
  @OneOf(GOAL_OUTCOMES) outcome!: GoalOutcome;
}

export class OngoingSupportDto {
  @Code() serviceType!: ServiceTypeCode;
  @Optional() @Id() providerId?: string;
}

export class ReferralDispositionDto {
  /** A referral open on the case (made, accepted or service started). */
  @Id() referralId!: string;
  /** `continued`: the referral stays open after the case closes. */
  @OneOf(REFERRAL_DISPOSITIONS) disposition!: ReferralDispositionValue;
}

export class TerminateCaseDto {
  @Code() reason!: ClosingReasonCode;
  /** One per open goal; achieved goals carry their achievement already. */
  @NestedList(() => GoalClosingOutcomeDto, 50) goalOutcomes!: GoalClosingOutcomeDto[];
  /** Supports that continue after the case closes. */
  @Optional() @NestedList(() => OngoingSupportDto, 20) ongoingSupports?: OngoingSupportDto[];
  @Narrative() summary!: string;
  /** What becomes of open referrals; an open referral not named is `closed_at_termination`. */
  @Optional() @NestedList(() => ReferralDispositionDto, 50) referralDispositions?: ReferralDispositionDto[];
  @Optional() @Instant() occurredAt?: string;
  /** The answers to the program's form at this point, if it has one (a required one cannot be left out). */
  @Optional() @Nested(() => FormSubmissionDto) form?: FormSubmissionDto;
}
