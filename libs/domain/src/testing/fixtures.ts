/**
 * Shared given/when/then material for the case slices' unit tests: a fixed
 * clock, one client's story so far, and the given lists most tests start from.
 * Also the one example event of every type that every test builder starts from
 * (`caseEvent`), so that a new event field gets its example value here only.
 */
import { caseDecider } from '../cases/case-decider';
import type { PlanAmended, PlannedGoal } from '../cases/amending-plan/plan-amended.event';
import type { NeedAssessed } from '../cases/assessing-needs/need-assessed.event';
import type { ClientEngaged } from '../cases/engaging-client/client-engaged.event';
import { builtInServiceCategory } from '../sharing/service-categories';
import type { ReferralMade } from '../cases/making-referral/referral-made.event';
import type { ContactRecorded } from '../cases/recording-contact/contact-recorded.event';
import type { CaseTerminated } from '../cases/terminating-case/case-terminated.event';
import type { AdvocacyActionRecorded } from '../cases/recording-advocacy-action/advocacy-action-recorded.event';
import type { CaseAssigned } from '../cases/assigning-case/case-assigned.event';
import type { CaseEvent, CaseEventType } from '../cases/case-events';
import type { CaseNoteCorrected } from '../cases/correcting-case-note/case-note-corrected.event';
import type { CaseReopened } from '../cases/reopening-case/case-reopened.event';
import type { CaseReviewed } from '../cases/reviewing-case/case-reviewed.event';
import type { CaseTransferred } from '../cases/transferring-case/case-transferred.event';
import type { GoalAchieved } from '../cases/achieving-goal/goal-achieved.event';
import type { GoalProgressRecorded } from '../cases/recording-goal-progress/goal-progress-recorded.event';
import type { ReferralStatusChanged } from '../cases/changing-referral-status/referral-status-changed.event';
import type { EntryVoided } from '../cases/voiding-entry/entry-voided.event';
import type { EntryCorrected } from '../cases/correcting-entry-date/entry-corrected.event';
import type { ClientDataErased } from '../cases/recording-client-data-erasure/client-data-erased.event';
import type { ConsentGranted } from '../cases/granting-consent/consent-granted.event';
import type { ConsentNarrowed } from '../cases/narrowing-consent/consent-narrowed.event';
import type { ConsentRevoked } from '../cases/revoking-consent/consent-revoked.event';
import type { PlanApprovalRequested } from '../cases/approving-plan/plan-approval-requested.event';
import type { PlanApproved } from '../cases/approving-plan/plan-approved.event';
import type { PlanReturned } from '../cases/approving-plan/plan-returned.event';
import type { ClosingRequested } from '../cases/approving-closing/closing-requested.event';
import type { ClosingApproved } from '../cases/approving-closing/closing-approved.event';
import type { ClosingReturned } from '../cases/approving-closing/closing-returned.event';
import type { AppointmentScheduled } from '../cases/scheduling-appointment/appointment-scheduled.event';
import type { AppointmentOutcomeRecorded } from '../cases/recording-appointment-outcome/appointment-outcome-recorded.event';
import type { TaskCreated } from '../cases/creating-task/task-created.event';
import type { TaskClosed } from '../cases/closing-task/task-closed.event';
import type { ItemDueSoon } from '../cases/reminding-due-item/item-due-soon.event';
import type { HouseholdMemberJoined } from '../cases/adding-household-member/household-member-joined.event';
import type { HouseholdMemberLeft } from '../cases/recording-household-member-departure/household-member-left.event';
import type { NeedIdentified } from '../cases/identifying-need/need-identified.event';
import type { MilestoneMet } from '../cases/meeting-milestone/milestone-met.event';
import type { TransferRequested } from '../cases/approving-transfer/transfer-requested.event';
import type { TransferApproved } from '../cases/approving-transfer/transfer-approved.event';
import type { TransferReturned } from '../cases/approving-transfer/transfer-returned.event';
import type { SafetyFlagSet } from '../cases/setting-safety-flag/safety-flag-set.event';
import type { SafetyFlagCleared } from '../cases/clearing-safety-flag/safety-flag-cleared.event';
import type { FormAnswered } from '../cases/answering-form/form-answered.event';
import type { CommunicationNeedsRecorded } from '../cases/recording-communication-needs/communication-needs-recorded.event';
import type { CaseClientChanged } from '../cases/changing-case-client/case-client-changed.event';
import type { Actor, CommandMetadata } from '../shared/metadata';
import { specFor } from '../shared/testing';

export const spec = specFor(caseDecider);

export const CASE_ID = 'case-0001';
export const CLIENT_ID = 'client-0001';
export const CASE_MANAGER_ID = 'cm-ana';
export const OTHER_CASE_MANAGER_ID = 'cm-ben';

/** The fixed "now": every command in the tests is recorded at this instant. */
export const NOW = '2025-03-10T10:00:00.000Z';
export const TODAY = '2025-03-10';
export const TOMORROW = '2025-03-11';

export const CASE_MANAGER: Actor = { id: CASE_MANAGER_ID, role: 'case_manager' };

export const metadata = (overrides: Partial<CommandMetadata> = {}): CommandMetadata => ({
  recordedAt: NOW,
  actor: CASE_MANAGER,
  correlationId: 'corr-1',
  causationId: 'cause-1',
  timeZone: 'UTC',
  ...overrides,
});

export const ENGAGED_AT = '2025-03-01T09:00:00.000Z';
export const ASSESSED_AT = '2025-03-03T14:00:00.000Z';
export const PLANNED_AT = '2025-03-05T11:00:00.000Z';

export const clientEngaged: ClientEngaged = {
  type: 'ClientEngaged',
  occurredAt: ENGAGED_AT,
  data: {
    clientId: CLIENT_ID,
    caseNumber: 'CT-2025-0001',
    programId: 'prog-housing-first',
    teamId: 'team-north',
    caseManagerId: CASE_MANAGER_ID,
    referralSource: 'hospital',
    consent: { toServices: true, toInformationSharing: true, sharingWith: ['org-housing-authority'] },
  },
  pii: {
    client: { givenName: 'Maria', familyName: 'Lopez', dateOfBirth: '1988-07-14' },
    presentingConcerns: 'Discharged from hospital without stable housing.',
  },
};

export const needAssessed: NeedAssessed = {
  type: 'NeedAssessed',
  occurredAt: ASSESSED_AT,
  data: {
    assessmentId: 'asmt-1',
    kind: 'initial',
    needs: [
      { needId: 'need-housing', domain: 'housing', category: 'housing', severity: 'high' },
      { needId: 'need-mood', domain: 'mental_health', category: 'mental_health', severity: 'moderate' },
    ],
    strengths: [{ strengthId: 'str-family', domain: 'family_support', category: 'safety' }],
    scores: [{ tool: 'PHQ-9', score: 14, maxScore: 27 }],
  },
  pii: { summary: 'Sleeping at a friend’s; low mood since discharge.', descriptions: {} },
};

export const housingGoal: PlannedGoal = {
  goalId: 'goal-housing',
  domain: 'housing',
  category: 'housing',
  needIds: ['need-housing'],
  target: { metric: 'consecutive nights in own tenancy', value: 30, unit: 'nights' },
  dueDate: '2025-06-30',
  milestones: [{ milestoneId: 'ms-voucher', dueDate: '2025-04-15' }],
};

export const moodGoal: PlannedGoal = {
  goalId: 'goal-mood',
  domain: 'mental_health',
  category: 'mental_health',
  needIds: ['need-mood'],
  target: { metric: 'PHQ-9 score at most', value: 9, unit: 'points' },
  dueDate: '2025-05-31',
  milestones: [],
};

export const planAmended: PlanAmended = {
  type: 'PlanAmended',
  occurredAt: PLANNED_AT,
  data: {
    amendmentNumber: 1,
    goalsAdded: [housingGoal, moodGoal],
    goalsRevised: [],
    goalsDropped: [],
    services: [
      {
        serviceType: 'housing_voucher',
        serviceCategory: 'housing',
        providerId: 'prov-housing',
        goalIds: ['goal-housing'],
      },
    ],
    nextReviewDate: '2025-04-10',
  },
  pii: { reason: 'Initial plan agreed with the client', descriptions: {} },
};

export const referralMade = (
  referralId = 'ref-voucher',
  overrides: Partial<ReferralMade['data']> = {},
): ReferralMade => ({
  type: 'ReferralMade',
  occurredAt: '2025-03-06T10:00:00.000Z',
  data: {
    referralId,
    providerId: 'prov-housing',
    serviceType: 'housing_voucher',
    // A built-in type's own category unless the test records another.
    serviceCategory: builtInServiceCategory(overrides.serviceType ?? 'housing_voucher'),
    goalIds: ['goal-housing'],
    replacesReferralId: null,
    ...overrides,
  },
  pii: { note: '' },
});

export const contactRecorded: ContactRecorded = {
  type: 'ContactRecorded',
  occurredAt: '2025-03-07T15:30:00.000Z',
  data: {
    contactId: 'contact-1',
    contactType: 'home_visit',
    participants: [{ kind: 'client' }],
    durationMinutes: 45,
    goalIds: [],
    referralIds: [],
    appointmentId: null,
  },
  pii: { summary: 'Visited the client at her friend’s flat.' },
};

export const caseTerminated: CaseTerminated = {
  type: 'CaseTerminated',
  occurredAt: '2025-03-09T16:00:00.000Z',
  data: {
    reason: 'client_moved',
    goalOutcomes: [
      { goalId: 'goal-housing', outcome: 'not_achieved' },
      { goalId: 'goal-mood', outcome: 'partially_achieved' },
    ],
    ongoingSupports: [],
    referralDispositions: [],
  },
  pii: { summary: 'Client moved to another county.' },
};

export const caseAssigned: CaseAssigned = {
  type: 'CaseAssigned',
  occurredAt: '2025-03-01T09:30:00.000Z',
  data: { caseManagerId: CASE_MANAGER_ID },
  pii: {},
};

export const caseTransferred: CaseTransferred = {
  type: 'CaseTransferred',
  occurredAt: '2025-03-20T08:15:00+01:00',
  data: {
    fromCaseManagerId: CASE_MANAGER_ID,
    toCaseManagerId: OTHER_CASE_MANAGER_ID,
    toProgramId: null,
    toTeamId: null,
  },
  pii: { reason: 'Ana goes on parental leave; Ben covers the north team.' },
};

export const referralStatusChanged: ReferralStatusChanged = {
  type: 'ReferralStatusChanged',
  occurredAt: '2025-03-12T13:00:00.000Z',
  data: { referralId: 'ref-voucher', from: 'made', to: 'accepted' },
  pii: { note: 'Housing authority confirmed by phone.' },
};

export const caseNoteCorrected: CaseNoteCorrected = {
  type: 'CaseNoteCorrected',
  occurredAt: '2025-03-08T09:00:00.000Z',
  data: { correctionId: 'corr-1', correctsContactId: 'contact-1' },
  pii: { correctedSummary: 'Visited the client at her sister’s flat.', reason: 'Wrong relative named.' },
};

export const goalProgressRecorded: GoalProgressRecorded = {
  type: 'GoalProgressRecorded',
  occurredAt: '2025-04-10T10:00:00.000Z',
  data: { goalId: 'goal-mood', progress: 'in_progress', measuredValue: 11 },
  pii: { note: 'PHQ-9 down from 14.' },
};

export const goalAchieved: GoalAchieved = {
  type: 'GoalAchieved',
  occurredAt: '2025-05-20T10:00:00.000Z',
  data: { goalId: 'goal-mood', measuredValue: null },
  pii: { note: '' },
};

export const advocacyActionRecorded: AdvocacyActionRecorded = {
  type: 'AdvocacyActionRecorded',
  occurredAt: '2025-03-14T11:00:00.000Z',
  data: {
    actionId: 'adv-1',
    actionType: 'benefit_appeal',
    targetOrganisation: 'org-benefits-office',
    outcome: 'pending',
    goalIds: ['goal-housing'],
  },
  pii: { summary: 'Appealed the housing benefit refusal.' },
};

export const caseReviewed: CaseReviewed = {
  type: 'CaseReviewed',
  occurredAt: '2025-04-10T15:00:00.000Z',
  data: {
    reviewId: 'review-1',
    goalReviews: [
      { goalId: 'goal-housing', progress: 'stalled' },
      { goalId: 'goal-mood', progress: 'partially_met' },
    ],
    goalMeasures: [{ goalId: 'goal-housing', value: 12, unit: null, measuredAt: '2025-04-09T09:00:00.000Z' }],
    nextReviewDate: '2025-05-10',
  },
  pii: { summary: 'Voucher delayed; mood improving.' },
};

export const caseReopened: CaseReopened = {
  type: 'CaseReopened',
  occurredAt: '2025-09-01T09:00:00.000Z',
  data: { caseManagerId: null },
  pii: { reason: 'Client returned to the county and asked for support.' },
};

/** Voids the contact recorded as the fifth entry of the fixtures' case. */
export const entryVoided: EntryVoided = {
  type: 'EntryVoided',
  occurredAt: '2025-03-09T12:00:00.000Z',
  data: { entryId: `${CASE_ID}-e5`, entryType: 'ContactRecorded', entryVersion: 5 },
  pii: { reason: 'Recorded on the wrong case.' },
};

export const entryCorrected: EntryCorrected = {
  type: 'EntryCorrected',
  occurredAt: '2025-03-09T12:30:00.000Z',
  data: {
    entryId: `${CASE_ID}-e5`,
    entryType: 'ContactRecorded',
    entryVersion: 5,
    occurredAt: '2025-03-06T15:30:00.000Z',
    previousOccurredAt: '2025-03-07T15:30:00.000Z',
  },
  pii: { reason: 'The visit was on Thursday, not Friday.' },
};

/** The receipt of an erasure of the fixtures' client, after the case closed. */
export const clientDataErased: ClientDataErased = {
  type: 'ClientDataErased',
  occurredAt: NOW,
  data: {
    erasureId: 'erasure-1',
    clientId: CLIENT_ID,
    legalBasis: 'GDPR Art. 17(1)(a): no longer necessary',
    requestedBy: 'the client, in writing',
    affects: { eventIds: [`${CASE_ID}-e1`, `${CASE_ID}-e2`], throughVersion: 2 },
    erased: ['identity', 'contact', 'free_text'],
  },
  pii: {},
};

export const CONSENT_GRANTED_AT = '2025-03-02T10:00:00.000Z';

/** The client lets a treatment partner receive their substance-use and mental-health records. */
export const consentGranted: ConsentGranted = {
  type: 'ConsentGranted',
  occurredAt: CONSENT_GRANTED_AT,
  data: {
    consentId: 'consent-1',
    partnerId: 'partner-clinic',
    categories: ['substance_use', 'mental_health', 'case_record'],
    purpose: 'treatment',
    from: CONSENT_GRANTED_AT,
    until: '2026-03-02T10:00:00.000Z',
  },
  pii: { note: 'Signed the Part 2 consent form at intake.' },
};

export const consentNarrowed: ConsentNarrowed = {
  type: 'ConsentNarrowed',
  occurredAt: '2025-03-06T10:00:00.000Z',
  data: { consentId: 'consent-1', categories: ['mental_health', 'case_record'], until: null },
  pii: {},
};

export const consentRevoked: ConsentRevoked = {
  type: 'ConsentRevoked',
  occurredAt: '2025-03-08T10:00:00.000Z',
  data: { consentId: 'consent-1' },
  pii: { reason: 'The client no longer attends the clinic.' },
};

export const SUPERVISOR_ID = 'sup-cleo';
export const SUPERVISOR: Actor = { id: SUPERVISOR_ID, role: 'supervisor' };

export const planApprovalRequested: PlanApprovalRequested = {
  type: 'PlanApprovalRequested',
  occurredAt: PLANNED_AT,
  data: { amendmentNumber: 1, requestedBy: CASE_MANAGER_ID },
  pii: {},
};

export const planApproved: PlanApproved = {
  type: 'PlanApproved',
  occurredAt: '2025-03-06T09:00:00.000Z',
  data: { amendmentNumber: 1, approvedBy: SUPERVISOR_ID },
  pii: { comments: 'Goals are measurable.' },
};

export const planReturned: PlanReturned = {
  type: 'PlanReturned',
  occurredAt: '2025-03-06T09:00:00.000Z',
  data: { amendmentNumber: 1, returnedBy: SUPERVISOR_ID },
  pii: { comments: 'Add a transport referral.' },
};

export const closingRequested: ClosingRequested = {
  type: 'ClosingRequested',
  occurredAt: caseTerminated.occurredAt,
  data: { ...caseTerminated.data, requestedBy: CASE_MANAGER_ID },
  pii: caseTerminated.pii,
};

export const closingApproved: ClosingApproved = {
  type: 'ClosingApproved',
  occurredAt: '2025-03-09T17:00:00.000Z',
  data: { approvedBy: SUPERVISOR_ID },
  pii: { comments: '' },
};

export const closingReturned: ClosingReturned = {
  type: 'ClosingReturned',
  occurredAt: '2025-03-09T17:00:00.000Z',
  data: { returnedBy: SUPERVISOR_ID },
  pii: { comments: 'Follow up the housing referral first.' },
};

/** Scheduled on the 6th for the 12th, two days after "now": a home visit about the housing goal. */
export const APPOINTMENT_STARTS_AT = '2025-03-12T14:00:00.000Z';

export const appointmentScheduled: AppointmentScheduled = {
  type: 'AppointmentScheduled',
  occurredAt: '2025-03-06T09:00:00.000Z',
  data: {
    appointmentId: 'appt-1',
    startsAt: APPOINTMENT_STARTS_AT,
    endsAt: '2025-03-12T15:00:00.000Z',
    channel: 'home_visit',
    participants: [{ kind: 'client' }],
    ownerId: CASE_MANAGER_ID,
    goalIds: ['goal-housing'],
    referralIds: [],
    rescheduledFromAppointmentId: null,
  },
  pii: { location: '12 Elm Street, flat 3', note: 'Go through the voucher paperwork together.' },
};

export const appointmentOutcomeRecorded: AppointmentOutcomeRecorded = {
  type: 'AppointmentOutcomeRecorded',
  occurredAt: '2025-03-12T16:00:00.000Z',
  data: {
    appointmentId: 'appt-1',
    outcome: 'missed_by_client',
    cancelledBy: null,
    rescheduledToAppointmentId: null,
    contactId: null,
  },
  pii: { reason: 'Nobody answered the door.' },
};

export const taskCreated: TaskCreated = {
  type: 'TaskCreated',
  occurredAt: '2025-03-06T09:30:00.000Z',
  data: {
    taskId: 'task-1',
    ownerId: CASE_MANAGER_ID,
    dueAt: '2025-03-14T17:00:00.000Z',
    goalIds: ['goal-housing'],
  },
  pii: { title: 'Submit the housing application' },
};

export const taskClosed: TaskClosed = {
  type: 'TaskClosed',
  occurredAt: '2025-03-09T12:00:00.000Z',
  data: { taskId: 'task-1', resolution: 'completed' },
  pii: { note: '' },
};

export const itemDueSoon: ItemDueSoon = {
  type: 'ItemDueSoon',
  occurredAt: '2025-03-11T14:00:00.000Z',
  data: { itemKind: 'appointment', itemId: 'appt-1', dueAt: APPOINTMENT_STARTS_AT, ownerId: CASE_MANAGER_ID },
  pii: {},
};

/** The client's daughter joins the household a day after the engagement. */
export const householdMemberJoined: HouseholdMemberJoined = {
  type: 'HouseholdMemberJoined',
  occurredAt: '2025-03-02T11:00:00.000Z',
  data: { memberId: 'member-1', relationship: 'child' },
  pii: { givenName: 'Ana', familyName: 'Lopez', dateOfBirth: '2016-05-20' },
};

export const householdMemberLeft: HouseholdMemberLeft = {
  type: 'HouseholdMemberLeft',
  occurredAt: '2025-03-09T11:00:00.000Z',
  data: { memberId: 'member-1' },
  pii: { note: 'Moved in with her grandmother.' },
};

/** A need found between assessments, in the daughter who joined the household. */
export const needIdentified: NeedIdentified = {
  type: 'NeedIdentified',
  occurredAt: '2025-03-04T10:00:00.000Z',
  data: {
    needId: 'need-school',
    domain: 'education',
    category: 'services_referrals',
    severity: 'moderate',
    memberId: 'member-1',
  },
  pii: { description: 'Not enrolled in school since the move.' },
};

/** The housing goal's voucher milestone is met. */
export const milestoneMet: MilestoneMet = {
  type: 'MilestoneMet',
  occurredAt: '2025-03-08T15:00:00.000Z',
  data: { goalId: 'goal-housing', milestoneId: 'ms-voucher' },
  pii: { note: 'Voucher issued by the housing authority.' },
};

export const OTHER_PROGRAM_ID = 'prog-youth-transition';

export const transferRequested: TransferRequested = {
  type: 'TransferRequested',
  occurredAt: '2025-03-09T11:00:00.000Z',
  data: {
    fromCaseManagerId: CASE_MANAGER_ID,
    toCaseManagerId: OTHER_CASE_MANAGER_ID,
    toProgramId: OTHER_PROGRAM_ID,
    toTeamId: 'team-youth',
    requestedBy: CASE_MANAGER_ID,
  },
  pii: { reason: 'Turns 18: the youth transition program takes her on.' },
};

export const transferApproved: TransferApproved = {
  type: 'TransferApproved',
  occurredAt: '2025-03-09T17:00:00.000Z',
  data: { approvedBy: SUPERVISOR_ID },
  pii: { comments: '' },
};

export const transferReturned: TransferReturned = {
  type: 'TransferReturned',
  occurredAt: '2025-03-09T17:00:00.000Z',
  data: { returnedBy: SUPERVISOR_ID },
  pii: { comments: 'Wait for the housing referral to finish.' },
};

/** The client's address is confidential: she is in a refuge, from the day after the engagement. */
export const safetyFlagSet: SafetyFlagSet = {
  type: 'SafetyFlagSet',
  occurredAt: '2025-03-02T12:00:00.000Z',
  data: { flagId: 'flag-1', kind: 'address_confidentiality', setBy: CASE_MANAGER_ID },
  pii: { reason: 'Staying at a refuge; her former partner is looking for her.', doNotContact: [] },
};

export const safetyFlagCleared: SafetyFlagCleared = {
  type: 'SafetyFlagCleared',
  occurredAt: '2025-03-09T12:00:00.000Z',
  data: { flagId: 'flag-1', clearedBy: CASE_MANAGER_ID },
  pii: { reason: 'Moved to her own flat; the court order is in place.' },
};

export const communicationNeedsRecorded: CommunicationNeedsRecorded = {
  type: 'CommunicationNeedsRecorded',
  occurredAt: '2025-03-02T13:00:00.000Z',
  data: { preferredLanguage: 'prs', interpreterNeeded: true, interpreterLanguage: 'prs' },
  pii: { notes: 'Prefers a female interpreter.' },
};

export const caseClientChanged: CaseClientChanged = {
  type: 'CaseClientChanged',
  occurredAt: '2025-03-10T11:00:00.000Z',
  data: { fromClientId: 'client-1', toClientId: 'client-2', mergeId: 'merge-1' },
  pii: { reason: 'Same person: intake spelled her name two ways.' },
};

export const formAnswered: FormAnswered = {
  type: 'FormAnswered',
  occurredAt: clientEngaged.occurredAt,
  data: {
    formId: 'housing_intake',
    formVersion: 1,
    attachedTo: { type: 'engagement', entryId: null },
    answers: { household_size: 5, housing_status: 'shelter' },
    selections: { barriers: ['no_id'] },
  },
  pii: { answers: { landlord: 'Mr. Haddad, Elm Street' }, selections: {} },
};

export type EventOf<T extends CaseEventType> = Extract<CaseEvent, { type: T }>;

/** One example of every event type; the compiler insists on each. */
export const EXAMPLE_EVENTS: { readonly [T in CaseEventType]: EventOf<T> } = {
  ClientEngaged: clientEngaged,
  CaseAssigned: caseAssigned,
  CaseTransferred: caseTransferred,
  NeedAssessed: needAssessed,
  PlanAmended: planAmended,
  ReferralMade: referralMade(),
  ReferralStatusChanged: referralStatusChanged,
  ContactRecorded: contactRecorded,
  CaseNoteCorrected: caseNoteCorrected,
  GoalProgressRecorded: goalProgressRecorded,
  GoalAchieved: goalAchieved,
  AdvocacyActionRecorded: advocacyActionRecorded,
  CaseReviewed: caseReviewed,
  CaseTerminated: caseTerminated,
  CaseReopened: caseReopened,
  EntryVoided: entryVoided,
  EntryCorrected: entryCorrected,
  ClientDataErased: clientDataErased,
  ConsentGranted: consentGranted,
  ConsentNarrowed: consentNarrowed,
  ConsentRevoked: consentRevoked,
  PlanApprovalRequested: planApprovalRequested,
  PlanApproved: planApproved,
  PlanReturned: planReturned,
  ClosingRequested: closingRequested,
  ClosingApproved: closingApproved,
  ClosingReturned: closingReturned,
  AppointmentScheduled: appointmentScheduled,
  AppointmentOutcomeRecorded: appointmentOutcomeRecorded,
  TaskCreated: taskCreated,
  TaskClosed: taskClosed,
  ItemDueSoon: itemDueSoon,
  HouseholdMemberJoined: householdMemberJoined,
  HouseholdMemberLeft: householdMemberLeft,
  TransferRequested: transferRequested,
  TransferApproved: transferApproved,
  TransferReturned: transferReturned,
  SafetyFlagSet: safetyFlagSet,
  SafetyFlagCleared: safetyFlagCleared,
  CommunicationNeedsRecorded: communicationNeedsRecorded,
  FormAnswered: formAnswered,
  CaseClientChanged: caseClientChanged,
  NeedIdentified: needIdentified,
  MilestoneMet: milestoneMet,
};

export interface EventChanges<T extends CaseEventType> {
  readonly occurredAt?: string;
  readonly data?: Partial<EventOf<T>['data']>;
  readonly pii?: Partial<EventOf<T>['pii']>;
}

/** The example event of a type with some of its fields changed (`data` and `pii` field by field). */
export const caseEvent = <T extends CaseEventType>(type: T, changes: EventChanges<T> = {}): EventOf<T> => {
  const example: EventOf<T> = EXAMPLE_EVENTS[type];
  return {
    ...example,
    occurredAt: changes.occurredAt ?? example.occurredAt,
    data: { ...example.data, ...changes.data },
    pii: { ...example.pii, ...changes.pii },
  };
};

/** Given lists, each one step further along the process. */
export const engaged = [clientEngaged] as const;
export const assessed = [...engaged, needAssessed] as const;
export const planned = [...assessed, planAmended] as const;
export const closed = [...planned, caseTerminated] as const;
