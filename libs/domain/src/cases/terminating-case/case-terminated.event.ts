import type { CaseEventShape } from '../values';
import type { ClosingReason, GoalOutcome, ServiceType } from '../vocabularies';

export interface GoalClosingOutcome {
  readonly goalId: string;
  readonly outcome: GoalOutcome;
}

export interface OngoingSupport {
  readonly serviceType: ServiceType;
  readonly providerId?: string;
}

export type CaseTerminated = CaseEventShape<
  'CaseTerminated',
  {
    readonly reason: ClosingReason;
    readonly goalOutcomes: readonly GoalClosingOutcome[];
    readonly ongoingSupports: readonly OngoingSupport[];
  },
  { readonly summary: string }
>;
