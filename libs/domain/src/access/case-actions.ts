import type { CaseCommand } from '../cases/case-decider';
import type { CaseState } from '../cases/case-state';
import type { EngageClient } from '../cases/engaging-client/engage-client.command';
import type { CaseCommandAction, CaseScope } from './policy';

/** The policy action each case command is decided under. */
export const COMMAND_ACTIONS: Readonly<Record<CaseCommand['type'], CaseCommandAction>> = {
  EngageClient: 'case.engage',
  AssignCase: 'case.assign',
  TransferCase: 'case.transfer',
  AssessNeeds: 'case.assess',
  AmendPlan: 'case.amend-plan',
  MakeReferral: 'case.refer',
  ChangeReferralStatus: 'case.change-referral-status',
  RecordContact: 'case.record-contact',
  CorrectCaseNote: 'case.correct-note',
  RecordGoalProgress: 'case.record-goal-progress',
  AchieveGoal: 'case.achieve-goal',
  RecordAdvocacyAction: 'case.record-advocacy',
  ReviewCase: 'case.review',
  TerminateCase: 'case.terminate',
  ReopenCase: 'case.reopen',
};

/** Where a case sits, as its history says now; null for a case that does not exist. */
export const scopeOf = (state: CaseState): CaseScope | null =>
  state.status === 'initial'
    ? null
    : { programId: state.programId, teamId: state.teamId, caseManagerId: state.caseManagerId };

/** Where the case an engagement opens would sit. */
export const engagementScope = (command: EngageClient): CaseScope => ({
  programId: command.data.programId,
  teamId: command.data.teamId,
  caseManagerId: command.data.caseManagerId,
});
