/**
 * The Case stream's events. `type` strings are stored forever and never
 * derived from class or function names, so renaming code cannot break history.
 *
 * Every event separates `data` (facts safe to analyse and share) from `pii`
 * (the client's identity and every free-text passage about them), so that
 * `pii` can later be encrypted with a per-client key and crypto-shredded on
 * an erasure request while the accountable record of the work survives.
 *
 * Each event's type sits in its slice, beside the command that decides it and the
 * evolve that applies it (`<slice>/<event>.event.ts`); the vocabularies are in
 * `vocabularies.ts`, the shapes several slices share in `values.ts`.
 */
import type { ClientEngaged } from './engaging-client/client-engaged.event';
import type { CaseAssigned } from './assigning-case/case-assigned.event';
import type { CaseTransferred } from './transferring-case/case-transferred.event';
import type { NeedAssessed } from './assessing-needs/need-assessed.event';
import type { PlanAmended } from './amending-plan/plan-amended.event';
import type { ReferralMade } from './making-referral/referral-made.event';
import type { ReferralStatusChanged } from './changing-referral-status/referral-status-changed.event';
import type { ContactRecorded } from './recording-contact/contact-recorded.event';
import type { CaseNoteCorrected } from './correcting-case-note/case-note-corrected.event';
import type { GoalProgressRecorded } from './recording-goal-progress/goal-progress-recorded.event';
import type { GoalAchieved } from './achieving-goal/goal-achieved.event';
import type { AdvocacyActionRecorded } from './recording-advocacy-action/advocacy-action-recorded.event';
import type { CaseReviewed } from './reviewing-case/case-reviewed.event';
import type { CaseTerminated } from './terminating-case/case-terminated.event';
import type { CaseReopened } from './reopening-case/case-reopened.event';
import type { EntryVoided } from './voiding-entry/entry-voided.event';
import type { EntryCorrected } from './correcting-entry-date/entry-corrected.event';
import type { ClientDataErased } from './recording-client-data-erasure/client-data-erased.event';
import type { ConsentGranted } from './granting-consent/consent-granted.event';
import type { ConsentNarrowed } from './narrowing-consent/consent-narrowed.event';
import type { ConsentRevoked } from './revoking-consent/consent-revoked.event';
import type { PlanApprovalRequested } from './approving-plan/plan-approval-requested.event';
import type { PlanApproved } from './approving-plan/plan-approved.event';
import type { PlanReturned } from './approving-plan/plan-returned.event';
import type { ClosingRequested } from './approving-closing/closing-requested.event';
import type { ClosingApproved } from './approving-closing/closing-approved.event';
import type { ClosingReturned } from './approving-closing/closing-returned.event';
import type { AppointmentScheduled } from './scheduling-appointment/appointment-scheduled.event';
import type { AppointmentOutcomeRecorded } from './recording-appointment-outcome/appointment-outcome-recorded.event';
import type { TaskCreated } from './creating-task/task-created.event';
import type { TaskClosed } from './closing-task/task-closed.event';
import type { ItemDueSoon } from './reminding-due-item/item-due-soon.event';
import type { HouseholdMemberJoined } from './adding-household-member/household-member-joined.event';
import type { HouseholdMemberLeft } from './recording-household-member-departure/household-member-left.event';
import type { TransferRequested } from './approving-transfer/transfer-requested.event';
import type { TransferApproved } from './approving-transfer/transfer-approved.event';
import type { TransferReturned } from './approving-transfer/transfer-returned.event';
import type { SafetyFlagSet } from './setting-safety-flag/safety-flag-set.event';
import type { SafetyFlagCleared } from './clearing-safety-flag/safety-flag-cleared.event';
import type { CommunicationNeedsRecorded } from './recording-communication-needs/communication-needs-recorded.event';
import type { CaseClientChanged } from './changing-case-client/case-client-changed.event';
import type { NeedIdentified } from './identifying-need/need-identified.event';
import type { MilestoneMet } from './meeting-milestone/milestone-met.event';
import type { FormAnswered } from './answering-form/form-answered.event';

export type CaseEvent =
  | ClientEngaged
  | CaseAssigned
  | CaseTransferred
  | NeedAssessed
  | PlanAmended
  | ReferralMade
  | ReferralStatusChanged
  | ContactRecorded
  | CaseNoteCorrected
  | GoalProgressRecorded
  | GoalAchieved
  | AdvocacyActionRecorded
  | CaseReviewed
  | CaseTerminated
  | CaseReopened
  | EntryVoided
  | EntryCorrected
  | ClientDataErased
  | ConsentGranted
  | ConsentNarrowed
  | ConsentRevoked
  | PlanApprovalRequested
  | PlanApproved
  | PlanReturned
  | ClosingRequested
  | ClosingApproved
  | ClosingReturned
  | AppointmentScheduled
  | AppointmentOutcomeRecorded
  | TaskCreated
  | TaskClosed
  | ItemDueSoon
  | HouseholdMemberJoined
  | HouseholdMemberLeft
  | TransferRequested
  | TransferApproved
  | TransferReturned
  | SafetyFlagSet
  | SafetyFlagCleared
  | CommunicationNeedsRecorded
  | CaseClientChanged
  | NeedIdentified
  | MilestoneMet
  | FormAnswered;

export type CaseEventType = CaseEvent['type'];

export const CASE_EVENT_TYPES: readonly CaseEventType[] = [
  'ClientEngaged',
  'CaseAssigned',
  'CaseTransferred',
  'NeedAssessed',
  'PlanAmended',
  'ReferralMade',
  'ReferralStatusChanged',
  'ContactRecorded',
  'CaseNoteCorrected',
  'GoalProgressRecorded',
  'GoalAchieved',
  'AdvocacyActionRecorded',
  'CaseReviewed',
  'CaseTerminated',
  'CaseReopened',
  'EntryVoided',
  'EntryCorrected',
  'ClientDataErased',
  'ConsentGranted',
  'ConsentNarrowed',
  'ConsentRevoked',
  'PlanApprovalRequested',
  'PlanApproved',
  'PlanReturned',
  'ClosingRequested',
  'ClosingApproved',
  'ClosingReturned',
  'AppointmentScheduled',
  'AppointmentOutcomeRecorded',
  'TaskCreated',
  'TaskClosed',
  'ItemDueSoon',
  'HouseholdMemberJoined',
  'HouseholdMemberLeft',
  'TransferRequested',
  'TransferApproved',
  'TransferReturned',
  'SafetyFlagSet',
  'SafetyFlagCleared',
  'CommunicationNeedsRecorded',
  'CaseClientChanged',
  'NeedIdentified',
  'MilestoneMet',
  'FormAnswered',
];

/** Current schema version of each event type; bumped with an upcaster when a shape changes. */
export const CASE_EVENT_SCHEMA_VERSION: Readonly<Record<CaseEventType, number>> = {
  // 2: `data.clientId` (a case of version 1 was its own client: the upcaster gives it the case id).
  ClientEngaged: 2,
  CaseAssigned: 1,
  // 2: `data.toProgramId`, `data.toTeamId` (a v1 transfer stayed in its program and team: null).
  CaseTransferred: 2,
  // 2: `needs[].memberId` (optional: a v1 need is the client's own, and lifts as it is).
  NeedAssessed: 2,
  // 2: `goalsAdded[].memberId`, `goalsRevised[].milestonesAdded` (optional: v1 lifts as it is).
  PlanAmended: 2,
  // 2: `data.memberId` (optional: a v1 referral is for the client, and lifts as it is).
  ReferralMade: 2,
  ReferralStatusChanged: 1,
  // 2: `data.goalIds`, `data.referralIds`, `data.appointmentId` (a v1 contact linked none: `[]`, `[]`, null).
  ContactRecorded: 2,
  CaseNoteCorrected: 1,
  GoalProgressRecorded: 1,
  GoalAchieved: 1,
  AdvocacyActionRecorded: 1,
  // 2: `data.goalMeasures` (a measured value per goal; a v1 review measured none: `[]`).
  CaseReviewed: 2,
  // 2: `data.referralDispositions` (v1 left every referral then open closed with the case: `[]`).
  // 3: `data.reason` and `ongoingSupports[].serviceType` any code in force, each support with its
  // `serviceCategory` (a v2 support takes its built-in type's category).
  CaseTerminated: 3,
  CaseReopened: 1,
  EntryVoided: 1,
  EntryCorrected: 1,
  ClientDataErased: 1,
  ConsentGranted: 1,
  ConsentNarrowed: 1,
  ConsentRevoked: 1,
  PlanApprovalRequested: 1,
  PlanApproved: 1,
  PlanReturned: 1,
  // 2: as CaseTerminated v3 (a v1 support takes its built-in type's category).
  ClosingRequested: 2,
  ClosingApproved: 1,
  ClosingReturned: 1,
  AppointmentScheduled: 1,
  AppointmentOutcomeRecorded: 1,
  TaskCreated: 1,
  TaskClosed: 1,
  ItemDueSoon: 1,
  HouseholdMemberJoined: 1,
  HouseholdMemberLeft: 1,
  TransferRequested: 1,
  TransferApproved: 1,
  TransferReturned: 1,
  SafetyFlagSet: 1,
  SafetyFlagCleared: 1,
  CommunicationNeedsRecorded: 1,
  CaseClientChanged: 1,
  NeedIdentified: 1,
  MilestoneMet: 1,
  FormAnswered: 1,
};
