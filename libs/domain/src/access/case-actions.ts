import type { CaseCommand } from '../cases/case-decider';
import type { CaseState } from '../cases/case-state';
import { entry } from '../shared/records';
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
  VoidEntry: 'case.void-entry',
  CorrectEntryDate: 'case.correct-entry',
  RecordClientDataErasure: 'client.erase',
  GrantConsent: 'case.grant-consent',
  NarrowConsent: 'case.narrow-consent',
  RevokeConsent: 'case.revoke-consent',
  DecidePlanApproval: 'case.approve-plan',
  DecideClosingApproval: 'case.approve-closing',
  ScheduleAppointment: 'case.schedule-appointment',
  RecordAppointmentOutcome: 'case.record-appointment-outcome',
  CreateTask: 'case.create-task',
  CloseTask: 'case.close-task',
  RemindDueItem: 'case.remind-due-item',
  AddHouseholdMember: 'case.add-household-member',
  RecordHouseholdMemberDeparture: 'case.record-household-departure',
  DecideTransferApproval: 'case.approve-transfer',
  SetSafetyFlag: 'case.set-safety-flag',
  ClearSafetyFlag: 'case.clear-safety-flag',
  RecordCommunicationNeeds: 'case.record-communication-needs',
  ChangeCaseClient: 'client.merge',
  IdentifyNeed: 'case.identify-need',
  MeetMilestone: 'case.meet-milestone',
};

/** Actions no route names: the command handler picks them by what the command is about (`commandAction`). */
export const OBJECT_LEVEL_ACTIONS: readonly CaseCommandAction[] = [
  'case.void-closure',
  // Sent by the reminder service inside case-api, never through a route.
  'case.remind-due-item',
];

/** Entries whose void or correction reopens or closes the case again: a supervisor's decision. */
const CLOSURE_ENTRIES: readonly string[] = ['CaseTerminated', 'CaseReopened'];

/**
 * The action a command is authorized under, against the case as read: `COMMAND_ACTIONS`, except that
 * voiding or correcting a closing or a reopening is `case.void-closure`.
 */
export const commandAction = (command: CaseCommand, state: CaseState): CaseCommandAction => {
  if ((command.type === 'VoidEntry' || command.type === 'CorrectEntryDate') && state.status !== 'initial') {
    const target = entry(state.ledger.entries, command.data.entryId);
    if (target !== undefined && CLOSURE_ENTRIES.includes(target.type)) return 'case.void-closure';
  }
  return COMMAND_ACTIONS[command.type];
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
