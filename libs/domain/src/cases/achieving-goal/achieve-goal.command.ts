import type { CommandMetadata } from '../../shared/metadata';
import type { GoalAchieved } from './goal-achieved.event';
import type { CaseState } from '../case-state';
import {
  occurredAtFor,
  requireMeasuredValue,
  requireOpenCase,
  requireOpenGoal,
  requirePlan,
} from '../case-rules';

export interface AchieveGoal {
  readonly type: 'AchieveGoal';
  readonly caseId: string;
  readonly data: {
    readonly goalId: string;
    readonly measuredValue?: number | null;
    readonly note?: string;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

export const achieveGoal = (command: AchieveGoal, state: CaseState): readonly GoalAchieved[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  requireOpenGoal(requirePlan(active), data.goalId);
  const measuredValue = requireMeasuredValue(data.measuredValue);
  return [
    {
      type: 'GoalAchieved',
      occurredAt,
      data: { goalId: data.goalId, measuredValue },
      pii: { note: data.note ?? '' },
    },
  ];
};
