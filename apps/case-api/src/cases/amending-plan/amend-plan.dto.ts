import { type NeedDomainCode, type ServiceType } from '@casetrail/domain';
import {
  CalendarDate,
  Code,
  Id,
  IdList,
  Instant,
  Narrative,
  Nested,
  NestedList,
  Optional,
} from '../../http/fields';
import { Description, GoalTargetDto } from '../shared-dtos';

export class MilestoneDto {
  /** Minted when absent. */
  @Optional() @Id() milestoneId?: string;
  /** YYYY-MM-DD, after today and by the goal's due date. */
  @CalendarDate() dueDate!: string;
  @Description() description?: string;
}

export class PlannedGoalDto {
  /** Minted when absent; give one to refer to the goal from `services` in the same amendment. */
  @Optional() @Id() goalId?: string;
  @Code() domain!: NeedDomainCode;
  /** Assessed needs the goal answers. */
  @Optional() @IdList(20) needIds?: string[];
  @Nested(() => GoalTargetDto) target!: GoalTargetDto;
  /** YYYY-MM-DD, after today. */
  @CalendarDate() dueDate!: string;
  @Optional() @NestedList(() => MilestoneDto, 20) milestones?: MilestoneDto[];
  /** The household member the goal concerns, in the household at the amendment; leave out for the client. */
  @Optional() @Id() memberId?: string;
  @Description() description?: string;
}

export class GoalRevisionDto {
  @Id() goalId!: string;
  @Optional() @Nested(() => GoalTargetDto) target?: GoalTargetDto;
  @Optional() @CalendarDate() dueDate?: string;
  /** Milestones added to the goal, new to it and by its (new) due date. */
  @Optional() @NestedList(() => MilestoneDto, 20) milestonesAdded?: MilestoneDto[];
  @Description() description?: string;
}

export class PlannedServiceDto {
  @Code() serviceType!: ServiceType;
  @Optional() @Id() providerId?: string;
  /** Goals open once the amendment applies (including goals it adds). */
  @Optional() @IdList(20) goalIds?: string[];
}

export class AmendPlanDto {
  @Optional() @NestedList(() => PlannedGoalDto, 20) goalsAdded?: PlannedGoalDto[];
  @Optional() @NestedList(() => GoalRevisionDto, 20) goalsRevised?: GoalRevisionDto[];
  @Optional() @IdList(20) goalsDropped?: string[];
  @Optional() @NestedList(() => PlannedServiceDto, 50) services?: PlannedServiceDto[];
  /** YYYY-MM-DD, after today. */
  @CalendarDate() nextReviewDate!: string;
  /** Why the plan is made or changed: every amendment keeps its reason. */
  @Narrative(2_000) reason!: string;
  @Optional() @Instant() occurredAt?: string;
}
