import type { CommandMetadata } from '../../shared/metadata';
import { caseError } from '../case-errors';
import type { CaseState } from '../case-state';
import { occurredAtFor, requireOpenCase, requireOpenGoal, requirePlan } from '../case-rules';
import type { MilestoneMet } from './milestone-met.event';

export interface MeetMilestone {
  readonly type: 'MeetMilestone';
  readonly caseId: string;
  readonly data: {
    readonly goalId: string;
    readonly milestoneId: string;
    readonly note?: string;
    /** When it was met; defaults to when it was recorded. */
    readonly metAt?: string;
  };
  readonly metadata: CommandMetadata;
}

export const meetMilestone = (command: MeetMilestone, state: CaseState): readonly MilestoneMet[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.metAt, 'metAt');
  // A goal achieved or dropped has no steps left to take.
  const goal = requireOpenGoal(requirePlan(active), data.goalId);
  const milestone = goal.milestones.find((m) => m.milestoneId === data.milestoneId);
  if (milestone === undefined) {
    throw caseError('UNKNOWN_MILESTONE', `Goal ${data.goalId} has no milestone ${data.milestoneId}`, {
      goalId: data.goalId,
      milestoneId: data.milestoneId,
    });
  }
  if (milestone.metAt !== undefined) {
    throw caseError('MILESTONE_ALREADY_MET', `Milestone ${data.milestoneId} was already met`, {
      goalId: data.goalId,
      milestoneId: data.milestoneId,
      metAt: milestone.metAt,
    });
  }
  return [
    {
      type: 'MilestoneMet',
      occurredAt,
      data: { goalId: data.goalId, milestoneId: data.milestoneId },
      pii: { note: data.note ?? '' },
    },
  ];
};
