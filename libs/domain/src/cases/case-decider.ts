import type { Decider } from '../shared/decider';
import { achieveGoal, type AchieveGoal } from './achieving-goal/achieve-goal.command';
import { evolveGoalAchieved } from './achieving-goal/goal-achieved.evolve';
import { amendPlan, type AmendPlan } from './amending-plan/amend-plan.command';
import { evolvePlanAmended } from './amending-plan/plan-amended.evolve';
import { assessNeeds, type AssessNeeds } from './assessing-needs/assess-needs.command';
import { evolveNeedAssessed } from './assessing-needs/need-assessed.evolve';
import { assignCase, type AssignCase } from './assigning-case/assign-case.command';
import { evolveCaseAssigned } from './assigning-case/case-assigned.evolve';
import { CASE_EVENT_TYPES, type CaseEvent } from './case-events';
import { dependenciesOf, recordInLedger } from './entry-ledger';
import { requireNotBefore } from './case-rules';
import { initialCaseState, type ActiveCase, type CaseState, type CaseView } from './case-state';
import {
  changeReferralStatus,
  type ChangeReferralStatus,
} from './changing-referral-status/change-referral-status.command';
import { evolveReferralStatusChanged } from './changing-referral-status/referral-status-changed.evolve';
import { evolveCaseNoteCorrected } from './correcting-case-note/case-note-corrected.evolve';
import { correctCaseNote, type CorrectCaseNote } from './correcting-case-note/correct-case-note.command';
import { evolveClientEngaged } from './engaging-client/client-engaged.evolve';
import { engageClient, type EngageClient } from './engaging-client/engage-client.command';
import { makeReferral, type MakeReferral } from './making-referral/make-referral.command';
import { evolveReferralMade } from './making-referral/referral-made.evolve';
import { evolveAdvocacyActionRecorded } from './recording-advocacy-action/advocacy-action-recorded.evolve';
import {
  recordAdvocacyAction,
  type RecordAdvocacyAction,
} from './recording-advocacy-action/record-advocacy-action.command';
import { evolveContactRecorded } from './recording-contact/contact-recorded.evolve';
import { recordContact, type RecordContact } from './recording-contact/record-contact.command';
import { evolveGoalProgressRecorded } from './recording-goal-progress/goal-progress-recorded.evolve';
import {
  recordGoalProgress,
  type RecordGoalProgress,
} from './recording-goal-progress/record-goal-progress.command';
import { evolveCaseReopened } from './reopening-case/case-reopened.evolve';
import { reopenCase, type ReopenCase } from './reopening-case/reopen-case.command';
import { evolveCaseReviewed } from './reviewing-case/case-reviewed.evolve';
import { reviewCase, type ReviewCase } from './reviewing-case/review-case.command';
import { evolveCaseTerminated } from './terminating-case/case-terminated.evolve';
import { terminateCase, type TerminateCase } from './terminating-case/terminate-case.command';
import { evolveCaseTransferred } from './transferring-case/case-transferred.evolve';
import { transferCase, type TransferCase } from './transferring-case/transfer-case.command';
import { voidEntry, type VoidEntry } from './voiding-entry/void-entry.command';
import { correctEntryDate, type CorrectEntryDate } from './correcting-entry-date/correct-entry-date.command';
import { evolveClientDataErased } from './recording-client-data-erasure/client-data-erased.evolve';
import {
  recordClientDataErasure,
  type RecordClientDataErasure,
} from './recording-client-data-erasure/record-client-data-erasure.command';
import { caseError } from './case-errors';
import { grantConsent, type GrantConsent } from './granting-consent/grant-consent.command';
import { evolveConsentGranted } from './granting-consent/consent-granted.evolve';
import { narrowConsent, type NarrowConsent } from './narrowing-consent/narrow-consent.command';
import { evolveConsentNarrowed } from './narrowing-consent/consent-narrowed.evolve';
import { revokeConsent, type RevokeConsent } from './revoking-consent/revoke-consent.command';
import { evolveConsentRevoked } from './revoking-consent/consent-revoked.evolve';
import {
  decidePlanApproval,
  withPlanApproval,
  type DecidePlanApproval,
} from './approving-plan/decide-plan-approval.command';
import {
  evolvePlanApprovalRequested,
  evolvePlanApproved,
  evolvePlanReturned,
} from './approving-plan/plan-approval.evolve';
import {
  asClosingRequest,
  decideClosingApproval,
  type DecideClosingApproval,
} from './approving-closing/decide-closing-approval.command';
import {
  evolveClosingApproved,
  evolveClosingRequested,
  evolveClosingReturned,
} from './approving-closing/closing-approval.evolve';
import {
  scheduleAppointment,
  type ScheduleAppointment,
} from './scheduling-appointment/schedule-appointment.command';
import { evolveAppointmentScheduled } from './scheduling-appointment/appointment-scheduled.evolve';
import {
  recordAppointmentOutcome,
  type RecordAppointmentOutcome,
} from './recording-appointment-outcome/record-appointment-outcome.command';
import { evolveAppointmentOutcomeRecorded } from './recording-appointment-outcome/appointment-outcome-recorded.evolve';
import { createTask, type CreateTask } from './creating-task/create-task.command';
import { evolveTaskCreated } from './creating-task/task-created.evolve';
import { closeTask, type CloseTask } from './closing-task/close-task.command';
import { evolveTaskClosed } from './closing-task/task-closed.evolve';
import { remindDueItem, type RemindDueItem } from './reminding-due-item/remind-due-item.command';
import { evolveItemDueSoon } from './reminding-due-item/item-due-soon.evolve';
import {
  addHouseholdMember,
  type AddHouseholdMember,
} from './adding-household-member/add-household-member.command';
import { evolveHouseholdMemberJoined } from './adding-household-member/household-member-joined.evolve';
import {
  recordHouseholdMemberDeparture,
  type RecordHouseholdMemberDeparture,
} from './recording-household-member-departure/record-household-member-departure.command';
import { evolveHouseholdMemberLeft } from './recording-household-member-departure/household-member-left.evolve';
import {
  asTransferRequest,
  decideTransferApproval,
  type DecideTransferApproval,
} from './approving-transfer/decide-transfer-approval.command';
import {
  evolveTransferApproved,
  evolveTransferRequested,
  evolveTransferReturned,
} from './approving-transfer/transfer-approval.evolve';
import { setSafetyFlag, type SetSafetyFlag } from './setting-safety-flag/set-safety-flag.command';
import { evolveSafetyFlagSet } from './setting-safety-flag/safety-flag-set.evolve';
import { clearSafetyFlag, type ClearSafetyFlag } from './clearing-safety-flag/clear-safety-flag.command';
import { evolveSafetyFlagCleared } from './clearing-safety-flag/safety-flag-cleared.evolve';
import {
  recordCommunicationNeeds,
  type RecordCommunicationNeeds,
} from './recording-communication-needs/record-communication-needs.command';
import { evolveCommunicationNeedsRecorded } from './recording-communication-needs/communication-needs-recorded.evolve';
import { changeCaseClient, type ChangeCaseClient } from './changing-case-client/change-case-client.command';
import { evolveCaseClientChanged } from './changing-case-client/case-client-changed.evolve';
import { identifyNeed, type IdentifyNeed } from './identifying-need/identify-need.command';
import { evolveNeedIdentified } from './identifying-need/need-identified.evolve';
import { meetMilestone, type MeetMilestone } from './meeting-milestone/meet-milestone.command';
import { evolveMilestoneMet } from './meeting-milestone/milestone-met.evolve';
import { formAnswered } from './answering-form/form-answered';
import type { FormAttachedTo, FormSubmission } from '../forms/answering-form/form-answers';

export type CaseCommand =
  | EngageClient
  | AssignCase
  | TransferCase
  | AssessNeeds
  | AmendPlan
  | MakeReferral
  | ChangeReferralStatus
  | RecordContact
  | CorrectCaseNote
  | RecordGoalProgress
  | AchieveGoal
  | RecordAdvocacyAction
  | ReviewCase
  | TerminateCase
  | ReopenCase
  | VoidEntry
  | CorrectEntryDate
  | RecordClientDataErasure
  | GrantConsent
  | NarrowConsent
  | RevokeConsent
  | DecidePlanApproval
  | DecideClosingApproval
  | ScheduleAppointment
  | RecordAppointmentOutcome
  | CreateTask
  | CloseTask
  | RemindDueItem
  | AddHouseholdMember
  | RecordHouseholdMemberDeparture
  | DecideTransferApproval
  | SetSafetyFlag
  | ClearSafetyFlag
  | RecordCommunicationNeeds
  | ChangeCaseClient
  | IdentifyNeed
  | MeetMilestone;

export type CaseCommandType = CaseCommand['type'];

const unknownCommand = (command: never): never => {
  throw new Error(`Unhandled case command: ${JSON.stringify(command)}`);
};

/**
 * A command at a form's attachment point records the answers it carries in the same commit, as of
 * when its own first event happened; decided after the command, so its own rules answer first.
 */
const withForm = (
  command: { readonly data: { readonly form?: FormSubmission }; readonly metadata: CaseCommand['metadata'] },
  attachedTo: FormAttachedTo,
  events: readonly CaseEvent[],
): readonly CaseEvent[] => {
  const first = events[0];
  if (first === undefined) return events;
  return [...events, ...formAnswered(attachedTo, command.data.form, command.metadata, first.occurredAt)];
};

const decideCommand = (command: CaseCommand, state: CaseState): readonly CaseEvent[] => {
  switch (command.type) {
    case 'EngageClient':
      return withForm(command, { type: 'engagement', entryId: null }, engageClient(command, state));
    case 'AssignCase':
      return assignCase(command, state);
    case 'TransferCase':
      return asTransferRequest(command.metadata, state, transferCase(command, state));
    case 'AssessNeeds':
      return withForm(
        command,
        { type: 'assessment', entryId: command.data.assessmentId },
        assessNeeds(command, state),
      );
    case 'AmendPlan':
      return withPlanApproval(command.metadata, amendPlan(command, state));
    case 'MakeReferral':
      return makeReferral(command, state);
    case 'ChangeReferralStatus':
      return changeReferralStatus(command, state);
    case 'RecordContact':
      return withForm(
        command,
        { type: 'contact', entryId: command.data.contactId },
        recordContact(command, state),
      );
    case 'CorrectCaseNote':
      return correctCaseNote(command, state);
    case 'RecordGoalProgress':
      return recordGoalProgress(command, state);
    case 'AchieveGoal':
      return achieveGoal(command, state);
    case 'RecordAdvocacyAction':
      return recordAdvocacyAction(command, state);
    case 'ReviewCase':
      return reviewCase(command, state);
    case 'TerminateCase':
      return withForm(
        command,
        { type: 'closing', entryId: null },
        asClosingRequest(command.metadata, state, terminateCase(command, state)),
      );
    case 'ReopenCase':
      return reopenCase(command, state);
    case 'VoidEntry':
      return voidEntry(command, state);
    case 'CorrectEntryDate':
      return correctEntryDate(command, state);
    case 'RecordClientDataErasure':
      return recordClientDataErasure(command, state);
    case 'GrantConsent':
      return grantConsent(command, state);
    case 'NarrowConsent':
      return narrowConsent(command, state);
    case 'RevokeConsent':
      return revokeConsent(command, state);
    case 'DecidePlanApproval':
      return decidePlanApproval(command, state);
    case 'DecideClosingApproval':
      return decideClosingApproval(command, state);
    case 'ScheduleAppointment':
      return scheduleAppointment(command, state);
    case 'RecordAppointmentOutcome':
      return recordAppointmentOutcome(command, state);
    case 'CreateTask':
      return createTask(command, state);
    case 'CloseTask':
      return closeTask(command, state);
    case 'RemindDueItem':
      return remindDueItem(command, state);
    case 'AddHouseholdMember':
      return addHouseholdMember(command, state);
    case 'RecordHouseholdMemberDeparture':
      return recordHouseholdMemberDeparture(command, state);
    case 'DecideTransferApproval':
      return decideTransferApproval(command, state);
    case 'SetSafetyFlag':
      return setSafetyFlag(command, state);
    case 'ClearSafetyFlag':
      return clearSafetyFlag(command, state);
    case 'RecordCommunicationNeeds':
      return recordCommunicationNeeds(command, state);
    case 'ChangeCaseClient':
      return changeCaseClient(command, state);
    case 'IdentifyNeed':
      return identifyNeed(command, state);
    case 'MeetMilestone':
      return meetMilestone(command, state);
    default:
      return unknownCommand(command);
  }
};

/**
 * After an erasure the client's data key is gone: nothing more about them can be sealed, and a
 * record that goes on without its client's data would mislead. Only the receipt itself may repeat.
 */
const requireNotErased = (command: CaseCommand, state: CaseState): void => {
  if (state.status === 'initial' || state.erasure === null || command.type === 'RecordClientDataErasure')
    return;
  throw caseError('CLIENT_DATA_ERASED', `The client data of case ${command.caseId} was erased`, {
    caseId: command.caseId,
    erasureId: state.erasure.erasureId,
    erasedAt: state.erasure.erasedAt,
  });
};

/** The command field that says when it happened, where it is not `occurredAt`. */
const OCCURRED_AT_FIELD: Partial<Record<CaseCommandType, string>> = {
  EngageClient: 'engagedAt',
  AssessNeeds: 'assessedAt',
  RecordContact: 'happenedAt',
  MeetMilestone: 'metAt',
};

/**
 * Every rule "not before what it depends on" in one place, for every command: each decided event
 * against the case as it stands before it (`dependenciesOf` says what each entry depends on).
 */
export const decide = (command: CaseCommand, state: CaseState): readonly CaseEvent[] => {
  requireNotErased(command, state);
  const events = decideCommand(command, state);
  const field = OCCURRED_AT_FIELD[command.type] ?? 'occurredAt';
  let before = state;
  for (const event of events) {
    if (before.status !== 'initial') {
      for (const dependsOn of dependenciesOf(before.ledger.anchors, event)) {
        requireNotBefore(event.occurredAt, field, {
          entry: dependsOn.entry,
          ...(dependsOn.id === null ? {} : { id: dependsOn.id }),
          occurredAt: dependsOn.occurredAt,
        });
      }
    }
    before = evolve(before, event);
  }
  return events;
};

/**
 * Recorded history is a fact, so evolve never throws. An event that cannot
 * apply (nothing engaged yet) leaves the state as it is.
 */
const onCase = <E>(
  state: CaseState,
  event: E,
  apply: (active: ActiveCase, event: E) => ActiveCase,
): CaseState => (state.status === 'initial' ? state : apply(state, event));

/**
 * The compiler proves every known type is handled above; at runtime an event
 * type this code does not know yet (written by a newer release) is skipped
 * rather than crashing every read of the stream.
 */
const unknownEvent = (_event: never, state: CaseState): CaseState => state;

const evolveEvent = (state: CaseState, event: CaseEvent): CaseState => {
  switch (event.type) {
    case 'ClientEngaged':
      return evolveClientEngaged(event);
    case 'CaseAssigned':
      return onCase(state, event, evolveCaseAssigned);
    case 'CaseTransferred':
      return onCase(state, event, evolveCaseTransferred);
    case 'NeedAssessed':
      return onCase(state, event, evolveNeedAssessed);
    case 'PlanAmended':
      return onCase(state, event, evolvePlanAmended);
    case 'ReferralMade':
      return onCase(state, event, evolveReferralMade);
    case 'ReferralStatusChanged':
      return onCase(state, event, evolveReferralStatusChanged);
    case 'ContactRecorded':
      return onCase(state, event, evolveContactRecorded);
    case 'CaseNoteCorrected':
      return onCase(state, event, evolveCaseNoteCorrected);
    case 'GoalProgressRecorded':
      return onCase(state, event, evolveGoalProgressRecorded);
    case 'GoalAchieved':
      return onCase(state, event, evolveGoalAchieved);
    case 'AdvocacyActionRecorded':
      return onCase(state, event, evolveAdvocacyActionRecorded);
    case 'CaseReviewed':
      return onCase(state, event, evolveCaseReviewed);
    case 'CaseTerminated':
      return onCase(state, event, evolveCaseTerminated);
    case 'CaseReopened':
      return onCase(state, event, evolveCaseReopened);
    // Bookkeeping only: `effectiveHistory` has already applied them to the entries they name.
    case 'EntryVoided':
    case 'EntryCorrected':
      return state;
    case 'ClientDataErased':
      return onCase(state, event, evolveClientDataErased);
    case 'ConsentGranted':
      return onCase(state, event, evolveConsentGranted);
    case 'ConsentNarrowed':
      return onCase(state, event, evolveConsentNarrowed);
    case 'ConsentRevoked':
      return onCase(state, event, evolveConsentRevoked);
    case 'PlanApprovalRequested':
      return onCase(state, event, evolvePlanApprovalRequested);
    case 'PlanApproved':
      return onCase(state, event, evolvePlanApproved);
    case 'PlanReturned':
      return onCase(state, event, evolvePlanReturned);
    case 'ClosingRequested':
      return onCase(state, event, evolveClosingRequested);
    case 'ClosingApproved':
      return onCase(state, event, evolveClosingApproved);
    case 'ClosingReturned':
      return onCase(state, event, evolveClosingReturned);
    case 'AppointmentScheduled':
      return onCase(state, event, evolveAppointmentScheduled);
    case 'AppointmentOutcomeRecorded':
      return onCase(state, event, evolveAppointmentOutcomeRecorded);
    case 'TaskCreated':
      return onCase(state, event, evolveTaskCreated);
    case 'TaskClosed':
      return onCase(state, event, evolveTaskClosed);
    case 'ItemDueSoon':
      return onCase(state, event, evolveItemDueSoon);
    case 'HouseholdMemberJoined':
      return onCase(state, event, evolveHouseholdMemberJoined);
    case 'HouseholdMemberLeft':
      return onCase(state, event, evolveHouseholdMemberLeft);
    case 'TransferRequested':
      return onCase(state, event, evolveTransferRequested);
    case 'TransferApproved':
      return onCase(state, event, evolveTransferApproved);
    case 'TransferReturned':
      return onCase(state, event, evolveTransferReturned);
    case 'SafetyFlagSet':
      return onCase(state, event, evolveSafetyFlagSet);
    case 'SafetyFlagCleared':
      return onCase(state, event, evolveSafetyFlagCleared);
    case 'CommunicationNeedsRecorded':
      return onCase(state, event, evolveCommunicationNeedsRecorded);
    case 'CaseClientChanged':
      return onCase(state, event, evolveCaseClientChanged);
    case 'NeedIdentified':
      return onCase(state, event, evolveNeedIdentified);
    case 'MilestoneMet':
      return onCase(state, event, evolveMilestoneMet);
    // The answers are kept in the events and the read models; no decision depends on them.
    case 'FormAnswered':
      return state;
    default:
      return unknownEvent(event, state);
  }
};

/** Each event also moves the ledger on (the engagement starts it). */
export const evolve = (state: CaseState, event: CaseEvent): CaseState => {
  const next = evolveEvent(state, event);
  if (next.status === 'initial' || state.status === 'initial' || event.type === 'ClientEngaged') return next;
  // A type this code does not know (a newer release's) leaves the state as it is, ledger too.
  if (!CASE_EVENT_TYPES.includes(event.type)) return state;
  return { ...next, ledger: recordInLedger(state.ledger, event) };
};

/** The decider's evolve but for the ledger (see `CaseView`). */
export const evolveView = (view: CaseView, event: CaseEvent): CaseView => {
  // Safe because no slice's evolve reads the ledger: the caseload's agreement test would catch one that did.
  const next = evolveEvent(view as CaseState, event);
  if (next.status === 'initial') return next;
  const { ledger: _ledger, ...rest } = next;
  return rest;
};

export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState> = {
  initialState: initialCaseState,
  decide,
  evolve,
};
