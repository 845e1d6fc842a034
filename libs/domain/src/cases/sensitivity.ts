/**
 * The case's sensitivity registry: what category each assessment domain and each field of each
 * event belongs to. Consent, partner feeds and masking all read this one declaration; each event
 * type's part sits beside it (`<slice>/<event>.event.ts` exports its `…_SENSITIVITY`) and
 * libs/contracts publishes the whole (`schemas/sensitivity.json`).
 *
 * Rules for fields that no vocabulary decides:
 * - ids, dates, counts, stages, programs, teams, actors: `case_record`;
 * - the client's name and date of birth: `identity`; phone, email, address: `contact`;
 * - a list item with an assessment domain (a need, a strength, a goal): its clinical fields take
 *   the category of its domain (`{ byDomainAt }`, resolved through `ASSESSMENT_DOMAIN_CATEGORY`);
 * - free text about the client: `CLIENT_FREE_TEXT`, and a goal's facts in an event without its domain `GOAL_FACT_WITHOUT_DOMAIN` (see `protective-categories.ts` for why);
 * - a referral's or a service's provider and type: `services_referrals`;
 * - consent flags and the organisations consented to: `case_record`.
 */
import type { AssessmentDomain } from './vocabularies';
import { ASSESSMENT_DOMAIN_CATEGORY } from '../vocabularies/vocabulary-kinds';
import type { CaseEventType } from './case-events';
import type { EventSensitivity, FieldCategory, InformationCategory } from '../shared/sensitivity';
import { CLIENT_ENGAGED_SENSITIVITY } from './engaging-client/client-engaged.event';
import { CASE_ASSIGNED_SENSITIVITY } from './assigning-case/case-assigned.event';
import { CASE_TRANSFERRED_SENSITIVITY } from './transferring-case/case-transferred.event';
import { NEED_ASSESSED_SENSITIVITY } from './assessing-needs/need-assessed.event';
import { PLAN_AMENDED_SENSITIVITY } from './amending-plan/plan-amended.event';
import { REFERRAL_MADE_SENSITIVITY } from './making-referral/referral-made.event';
import { REFERRAL_STATUS_CHANGED_SENSITIVITY } from './changing-referral-status/referral-status-changed.event';
import { CONTACT_RECORDED_SENSITIVITY } from './recording-contact/contact-recorded.event';
import { CASE_NOTE_CORRECTED_SENSITIVITY } from './correcting-case-note/case-note-corrected.event';
import { GOAL_PROGRESS_RECORDED_SENSITIVITY } from './recording-goal-progress/goal-progress-recorded.event';
import { GOAL_ACHIEVED_SENSITIVITY } from './achieving-goal/goal-achieved.event';
import { ADVOCACY_ACTION_RECORDED_SENSITIVITY } from './recording-advocacy-action/advocacy-action-recorded.event';
import { CASE_REVIEWED_SENSITIVITY } from './reviewing-case/case-reviewed.event';
import { CASE_TERMINATED_SENSITIVITY } from './terminating-case/case-terminated.event';
import { CASE_REOPENED_SENSITIVITY } from './reopening-case/case-reopened.event';
import { ENTRY_VOIDED_SENSITIVITY } from './voiding-entry/entry-voided.event';
import { ENTRY_CORRECTED_SENSITIVITY } from './correcting-entry-date/entry-corrected.event';
import { CLIENT_DATA_ERASED_SENSITIVITY } from './recording-client-data-erasure/client-data-erased.event';
import { CONSENT_GRANTED_SENSITIVITY } from './granting-consent/consent-granted.event';
import { CONSENT_NARROWED_SENSITIVITY } from './narrowing-consent/consent-narrowed.event';
import { CONSENT_REVOKED_SENSITIVITY } from './revoking-consent/consent-revoked.event';
import { PLAN_APPROVAL_REQUESTED_SENSITIVITY } from './approving-plan/plan-approval-requested.event';
import { PLAN_APPROVED_SENSITIVITY } from './approving-plan/plan-approved.event';
import { PLAN_RETURNED_SENSITIVITY } from './approving-plan/plan-returned.event';
import { CLOSING_REQUESTED_SENSITIVITY } from './approving-closing/closing-requested.event';
import { CLOSING_APPROVED_SENSITIVITY } from './approving-closing/closing-approved.event';
import { CLOSING_RETURNED_SENSITIVITY } from './approving-closing/closing-returned.event';
import { TRANSFER_REQUESTED_SENSITIVITY } from './approving-transfer/transfer-requested.event';
import { TRANSFER_APPROVED_SENSITIVITY } from './approving-transfer/transfer-approved.event';
import { TRANSFER_RETURNED_SENSITIVITY } from './approving-transfer/transfer-returned.event';
import { APPOINTMENT_SCHEDULED_SENSITIVITY } from './scheduling-appointment/appointment-scheduled.event';
import { APPOINTMENT_OUTCOME_RECORDED_SENSITIVITY } from './recording-appointment-outcome/appointment-outcome-recorded.event';
import { TASK_CREATED_SENSITIVITY } from './creating-task/task-created.event';
import { TASK_CLOSED_SENSITIVITY } from './closing-task/task-closed.event';
import { ITEM_DUE_SOON_SENSITIVITY } from './reminding-due-item/item-due-soon.event';
import { HOUSEHOLD_MEMBER_JOINED_SENSITIVITY } from './adding-household-member/household-member-joined.event';
import { HOUSEHOLD_MEMBER_LEFT_SENSITIVITY } from './recording-household-member-departure/household-member-left.event';
import { SAFETY_FLAG_SET_SENSITIVITY } from './setting-safety-flag/safety-flag-set.event';
import { SAFETY_FLAG_CLEARED_SENSITIVITY } from './clearing-safety-flag/safety-flag-cleared.event';
import { COMMUNICATION_NEEDS_RECORDED_SENSITIVITY } from './recording-communication-needs/communication-needs-recorded.event';
import { CASE_CLIENT_CHANGED_SENSITIVITY } from './changing-case-client/case-client-changed.event';
import { NEED_IDENTIFIED_SENSITIVITY } from './identifying-need/need-identified.event';
import { MILESTONE_MET_SENSITIVITY } from './meeting-milestone/milestone-met.event';
import { FORM_ANSWERED_SENSITIVITY } from './answering-form/form-answered.event';

export { CLIENT_FREE_TEXT, GOAL_FACT_WITHOUT_DOMAIN } from './protective-categories';
export { ASSESSMENT_DOMAIN_CATEGORY };

/** Every case event type's declaration, from its own file: a type left out does not compile. */
export const CASE_EVENT_SENSITIVITY: Readonly<Record<CaseEventType, EventSensitivity>> = {
  ClientEngaged: CLIENT_ENGAGED_SENSITIVITY,
  CaseAssigned: CASE_ASSIGNED_SENSITIVITY,
  CaseTransferred: CASE_TRANSFERRED_SENSITIVITY,
  NeedAssessed: NEED_ASSESSED_SENSITIVITY,
  PlanAmended: PLAN_AMENDED_SENSITIVITY,
  ReferralMade: REFERRAL_MADE_SENSITIVITY,
  ReferralStatusChanged: REFERRAL_STATUS_CHANGED_SENSITIVITY,
  ContactRecorded: CONTACT_RECORDED_SENSITIVITY,
  CaseNoteCorrected: CASE_NOTE_CORRECTED_SENSITIVITY,
  GoalProgressRecorded: GOAL_PROGRESS_RECORDED_SENSITIVITY,
  GoalAchieved: GOAL_ACHIEVED_SENSITIVITY,
  AdvocacyActionRecorded: ADVOCACY_ACTION_RECORDED_SENSITIVITY,
  CaseReviewed: CASE_REVIEWED_SENSITIVITY,
  CaseTerminated: CASE_TERMINATED_SENSITIVITY,
  CaseReopened: CASE_REOPENED_SENSITIVITY,
  EntryVoided: ENTRY_VOIDED_SENSITIVITY,
  EntryCorrected: ENTRY_CORRECTED_SENSITIVITY,
  ClientDataErased: CLIENT_DATA_ERASED_SENSITIVITY,
  ConsentGranted: CONSENT_GRANTED_SENSITIVITY,
  ConsentNarrowed: CONSENT_NARROWED_SENSITIVITY,
  ConsentRevoked: CONSENT_REVOKED_SENSITIVITY,
  PlanApprovalRequested: PLAN_APPROVAL_REQUESTED_SENSITIVITY,
  PlanApproved: PLAN_APPROVED_SENSITIVITY,
  PlanReturned: PLAN_RETURNED_SENSITIVITY,
  ClosingRequested: CLOSING_REQUESTED_SENSITIVITY,
  ClosingApproved: CLOSING_APPROVED_SENSITIVITY,
  ClosingReturned: CLOSING_RETURNED_SENSITIVITY,
  AppointmentScheduled: APPOINTMENT_SCHEDULED_SENSITIVITY,
  AppointmentOutcomeRecorded: APPOINTMENT_OUTCOME_RECORDED_SENSITIVITY,
  TaskCreated: TASK_CREATED_SENSITIVITY,
  TaskClosed: TASK_CLOSED_SENSITIVITY,
  ItemDueSoon: ITEM_DUE_SOON_SENSITIVITY,
  HouseholdMemberJoined: HOUSEHOLD_MEMBER_JOINED_SENSITIVITY,
  HouseholdMemberLeft: HOUSEHOLD_MEMBER_LEFT_SENSITIVITY,
  TransferRequested: TRANSFER_REQUESTED_SENSITIVITY,
  TransferApproved: TRANSFER_APPROVED_SENSITIVITY,
  TransferReturned: TRANSFER_RETURNED_SENSITIVITY,
  SafetyFlagSet: SAFETY_FLAG_SET_SENSITIVITY,
  SafetyFlagCleared: SAFETY_FLAG_CLEARED_SENSITIVITY,
  CommunicationNeedsRecorded: COMMUNICATION_NEEDS_RECORDED_SENSITIVITY,
  CaseClientChanged: CASE_CLIENT_CHANGED_SENSITIVITY,
  NeedIdentified: NEED_IDENTIFIED_SENSITIVITY,
  MilestoneMet: MILESTONE_MET_SENSITIVITY,
  FormAnswered: FORM_ANSWERED_SENSITIVITY,
};

/**
 * A declared category made concrete for one list item: `{ byDomainAt }` becomes the category of
 * the domain that item names. `domainOf` reads the item's domain (the caller holds the event).
 */
export const resolveCategory = (
  declared: FieldCategory,
  domainOf: (byDomainAt: string) => AssessmentDomain,
): InformationCategory =>
  typeof declared === 'string' ? declared : ASSESSMENT_DOMAIN_CATEGORY[domainOf(declared.byDomainAt)];
