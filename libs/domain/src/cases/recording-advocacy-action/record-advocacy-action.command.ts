import type { CommandMetadata } from '../../shared/metadata';
import {
  ADVOCACY_ACTION_TYPES,
  ADVOCACY_OUTCOMES,
  type AdvocacyActionType,
  type AdvocacyOutcome,
} from '../vocabularies';
import type { AdvocacyActionRecorded } from './advocacy-action-recorded.event';
import type { CaseState } from '../case-state';
import {
  occurredAtFor,
  requireDistinct,
  requireGoal,
  requireOneOf,
  requireOpenCase,
  requireText,
} from '../case-rules';

export interface RecordAdvocacyAction {
  readonly type: 'RecordAdvocacyAction';
  readonly caseId: string;
  readonly data: {
    readonly actionId: string;
    readonly actionType: AdvocacyActionType;
    /** The organisation acted towards: a benefits office, a court, a landlord... */
    readonly targetOrganisation: string;
    readonly outcome: AdvocacyOutcome;
    readonly goalIds?: readonly string[];
    readonly summary: string;
    readonly occurredAt?: string;
  };
  readonly metadata: CommandMetadata;
}

export const recordAdvocacyAction = (
  command: RecordAdvocacyAction,
  state: CaseState,
): readonly AdvocacyActionRecorded[] => {
  const active = requireOpenCase(state, command.caseId);
  const { data, metadata } = command;
  const occurredAt = occurredAtFor(active, metadata, data.occurredAt);
  const actionType = requireOneOf(ADVOCACY_ACTION_TYPES, data.actionType, 'actionType');
  const targetOrganisation = requireText(
    data.targetOrganisation,
    'TARGET_ORGANISATION_REQUIRED',
    'targetOrganisation',
  );
  const outcome = requireOneOf(ADVOCACY_OUTCOMES, data.outcome, 'outcome');
  const goalIds = data.goalIds ?? [];
  requireDistinct(goalIds, 'goalIds');
  goalIds.forEach((goalId) => requireGoal(active.plan, goalId));
  const summary = requireText(data.summary, 'SUMMARY_REQUIRED', 'summary');
  return [
    {
      type: 'AdvocacyActionRecorded',
      occurredAt,
      data: { actionId: data.actionId, actionType, targetOrganisation, outcome, goalIds },
      pii: { summary },
    },
  ];
};
