import {
  CLOSING_REASONS,
  GOAL_OUTCOMES,
  SERVICE_TYPES,
  type ClosingReason,
  type GoalOutcome,
  type ServiceType,
} from '@casetrail/domain';
import { Id, Instant, Narrative, NestedList, OneOf, Optional } from '../../http/fields';

export class GoalClosingOutcomeDto {
  @Id() goalId!: string;
  @OneOf(GOAL_OUTCOMES) outcome!: GoalOutcome;
}

export class OngoingSupportDto {
  @OneOf(SERVICE_TYPES) serviceType!: ServiceType;
  @Optional() @Id() providerId?: string;
}

export class TerminateCaseDto {
  @OneOf(CLOSING_REASONS) reason!: ClosingReason;
  /** One per open goal; achieved goals carry their achievement already. */
  @NestedList(() => GoalClosingOutcomeDto, 50) goalOutcomes!: GoalClosingOutcomeDto[];
  /** Supports that continue after the case closes. */
  @Optional() @NestedList(() => OngoingSupportDto, 20) ongoingSupports?: OngoingSupportDto[];
  @Narrative() summary!: string;
  @Optional() @Instant() occurredAt?: string;
}
