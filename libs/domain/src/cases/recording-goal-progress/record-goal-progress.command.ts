import type { CommandMetadata } from '../../shared/metadata';
import { GOAL_PROGRESS, type GoalProgress } from '../vocabularies';
import type { GoalProgressRecorded } from './goal-progress-recorded.event';
import type { CaseState } from '../case-state';
import {
  occurredAtFor,
  requireMeasuredValue,
  requireOneOf,
  requireOpenCase,
  requireOpenGoal,
  requirePlan,
} from '../case-rules';

export interface RecordGoalProgress {
  readonly type: 'RecordGoalProgress';
  readonly caseId: string;
  readonly data: {
    readonly goalId: string;
    readonly progress: GoalProgress;
    /** The goal's metric as measured now, in the target's unit. */
    readonly measuredValue?: number | null;
    readonly note?: string;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

export const recordGoalProgress = (
  command: RecordGoalProgress,
  state: CaseState,
): readonly GoalProgressRecorded[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  requireOpenGoal(requirePlan(active), data.goalId);
  const progress = requireOneOf(GOAL_PROGRESS, data.progress, 'progress');
  const measuredValue = requireMeasuredValue(data.measuredValue);
  return [
    {
      type: 'GoalProgressRecorded',
      occurredAt,
      data: { goalId: data.goalId, progress, measuredValue },
      pii: { note: data.note ?? '' },
    },
  ];
};
