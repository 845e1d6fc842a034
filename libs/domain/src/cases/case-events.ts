/**
 * The Case stream's events. `type` strings are stored forever and never
 * derived from class or function names, so renaming code cannot break history.
 *
 * Every event separates `data` (facts safe to analyse and share) from `pii`
 * (the client's identity and every free-text passage about them), so that
 * `pii` can later be encrypted with a per-client key and crypto-shredded on
 * an erasure request while the accountable record of the work survives.
 */

// ---- Vocabularies (stable strings, also used by the API and the contracts) ----

export const REFERRAL_SOURCES = [
  'self',
  'family',
  'hospital',
  'court',
  'school',
  'outreach',
  'agency',
  'other',
] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

export const ASSESSMENT_DOMAINS = [
  'physical_health',
  'mental_health',
  'substance_use',
  'housing',
  'finances_employment',
  'legal',
  'family_support',
  'education',
  'safety',
] as const;
export type AssessmentDomain = (typeof ASSESSMENT_DOMAINS)[number];

export const SEVERITIES = ['low', 'moderate', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ASSESSMENT_KINDS = ['initial', 'reassessment'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

export const SERVICE_TYPES = [
  'housing_voucher',
  'food_assistance',
  'counseling',
  'job_training',
  'medical_care',
  'legal_aid',
  'transportation',
  'benefits',
  'substance_use_treatment',
  'childcare',
  'other',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** A referral's life after it is made. */
export const REFERRAL_STATUSES = [
  'accepted',
  'declined',
  'service_started',
  'completed',
  'no_show',
  'withdrawn',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const CONTACT_TYPES = [
  'home_visit',
  'office_visit',
  'phone_call',
  'video_call',
  'meeting',
  'email',
  'letter',
] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

export const PARTICIPANT_KINDS = ['client', 'professional', 'family', 'other'] as const;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

export const GOAL_PROGRESS = ['not_started', 'in_progress', 'partially_met', 'stalled'] as const;
export type GoalProgress = (typeof GOAL_PROGRESS)[number];

export const ADVOCACY_ACTION_TYPES = ['benefit_appeal', 'letter', 'hearing', 'negotiation', 'other'] as const;
export type AdvocacyActionType = (typeof ADVOCACY_ACTION_TYPES)[number];

export const ADVOCACY_OUTCOMES = ['pending', 'successful', 'unsuccessful'] as const;
export type AdvocacyOutcome = (typeof ADVOCACY_OUTCOMES)[number];

export const CLOSING_REASONS = [
  'goals_met',
  'client_withdrew',
  'client_moved',
  'transferred_out',
  'no_longer_needs_services',
  'lost_contact',
  'client_deceased',
  'other',
] as const;
export type ClosingReason = (typeof CLOSING_REASONS)[number];

export const GOAL_OUTCOMES = ['achieved', 'partially_achieved', 'not_achieved'] as const;
export type GoalOutcome = (typeof GOAL_OUTCOMES)[number];

// ---- Value shapes ----

export interface ClientIdentity {
  readonly givenName: string;
  readonly familyName: string;
  /** Calendar date, YYYY-MM-DD. */
  readonly dateOfBirth: string;
  readonly phone?: string;
  readonly email?: string;
  readonly address?: string;
}

export interface Consent {
  readonly toServices: boolean;
  readonly toInformationSharing: boolean;
  /** Organisations the client agreed to share information with. */
  readonly sharingWith: readonly string[];
}

export interface AssessedNeed {
  readonly needId: string;
  readonly domain: AssessmentDomain;
  readonly severity: Severity;
}

export interface AssessedStrength {
  readonly strengthId: string;
  readonly domain: AssessmentDomain;
}

export interface ToolScore {
  /** e.g. PHQ-9, AUDIT, DAST-10. */
  readonly tool: string;
  readonly score: number;
  readonly maxScore?: number;
}

/** Measurable: a metric, a target value, and a unit. */
export interface GoalTarget {
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
}

export interface Milestone {
  readonly milestoneId: string;
  /** YYYY-MM-DD */
  readonly dueDate: string;
}

export interface PlannedGoal {
  readonly goalId: string;
  readonly domain: AssessmentDomain;
  readonly needIds: readonly string[];
  readonly target: GoalTarget;
  /** YYYY-MM-DD */
  readonly dueDate: string;
  readonly milestones: readonly Milestone[];
}

export interface GoalRevision {
  readonly goalId: string;
  readonly target?: GoalTarget;
  readonly dueDate?: string;
}

export interface PlannedService {
  readonly serviceType: ServiceType;
  readonly providerId?: string;
  readonly goalIds: readonly string[];
}

export interface Participant {
  readonly kind: ParticipantKind;
  /** A professional's or organisation's id when known. */
  readonly id?: string;
  readonly role?: string;
}

export interface GoalReview {
  readonly goalId: string;
  readonly progress: GoalProgress;
}

export interface GoalClosingOutcome {
  readonly goalId: string;
  readonly outcome: GoalOutcome;
}

export interface OngoingSupport {
  readonly serviceType: ServiceType;
  readonly providerId?: string;
}

/** Free-text passages keyed by the id of what they describe (a need, a goal, a milestone...). */
export type Descriptions = Readonly<Record<string, string>>;

// ---- Events ----

interface Event<T extends string, D, P> {
  readonly type: T;
  /** When it happened in the world (ISO-8601 instant). */
  readonly occurredAt: string;
  readonly data: D;
  readonly pii: P;
}

export type ClientEngaged = Event<
  'ClientEngaged',
  {
    readonly caseNumber: string;
    readonly programId: string;
    readonly teamId: string | null;
    /** null leaves the case unassigned, for a supervisor to assign. */
    readonly caseManagerId: string | null;
    readonly referralSource: ReferralSource;
    readonly consent: Consent;
  },
  { readonly client: ClientIdentity; readonly presentingConcerns: string }
>;

export type CaseAssigned = Event<'CaseAssigned', { readonly caseManagerId: string }, Record<string, never>>;

export type CaseTransferred = Event<
  'CaseTransferred',
  { readonly fromCaseManagerId: string; readonly toCaseManagerId: string },
  { readonly reason: string }
>;

export type NeedAssessed = Event<
  'NeedAssessed',
  {
    readonly assessmentId: string;
    readonly kind: AssessmentKind;
    readonly needs: readonly AssessedNeed[];
    readonly strengths: readonly AssessedStrength[];
    readonly scores: readonly ToolScore[];
  },
  { readonly summary: string; readonly descriptions: Descriptions }
>;

export type PlanAmended = Event<
  'PlanAmended',
  {
    /** 1 for the first plan; every later change is a further, numbered amendment. */
    readonly amendmentNumber: number;
    readonly goalsAdded: readonly PlannedGoal[];
    readonly goalsRevised: readonly GoalRevision[];
    readonly goalsDropped: readonly string[];
    readonly services: readonly PlannedService[];
    /** YYYY-MM-DD */
    readonly nextReviewDate: string;
  },
  { readonly reason: string; readonly descriptions: Descriptions }
>;

export type ReferralMade = Event<
  'ReferralMade',
  {
    readonly referralId: string;
    readonly providerId: string;
    readonly serviceType: ServiceType;
    readonly goalIds: readonly string[];
    /** Set when this referral replaces a declined, withdrawn or no-show one. */
    readonly replacesReferralId: string | null;
  },
  { readonly note: string }
>;

export type ReferralStatusChanged = Event<
  'ReferralStatusChanged',
  { readonly referralId: string; readonly from: ReferralStatus | 'made'; readonly to: ReferralStatus },
  { readonly note: string }
>;

export type ContactRecorded = Event<
  'ContactRecorded',
  {
    readonly contactId: string;
    readonly contactType: ContactType;
    readonly participants: readonly Participant[];
    readonly durationMinutes: number | null;
  },
  { readonly summary: string }
>;

export type CaseNoteCorrected = Event<
  'CaseNoteCorrected',
  { readonly correctionId: string; readonly correctsContactId: string },
  { readonly correctedSummary: string; readonly reason: string }
>;

export type GoalProgressRecorded = Event<
  'GoalProgressRecorded',
  { readonly goalId: string; readonly progress: GoalProgress; readonly measuredValue: number | null },
  { readonly note: string }
>;

export type GoalAchieved = Event<
  'GoalAchieved',
  { readonly goalId: string; readonly measuredValue: number | null },
  { readonly note: string }
>;

export type AdvocacyActionRecorded = Event<
  'AdvocacyActionRecorded',
  {
    readonly actionId: string;
    readonly actionType: AdvocacyActionType;
    /** The organisation the action was taken towards (a benefits office, a court...). */
    readonly targetOrganisation: string;
    readonly outcome: AdvocacyOutcome;
    readonly goalIds: readonly string[];
  },
  { readonly summary: string }
>;

export type CaseReviewed = Event<
  'CaseReviewed',
  {
    readonly reviewId: string;
    readonly goalReviews: readonly GoalReview[];
    /** YYYY-MM-DD */
    readonly nextReviewDate: string;
  },
  { readonly summary: string }
>;

export type CaseTerminated = Event<
  'CaseTerminated',
  {
    readonly reason: ClosingReason;
    readonly goalOutcomes: readonly GoalClosingOutcome[];
    readonly ongoingSupports: readonly OngoingSupport[];
  },
  { readonly summary: string }
>;

export type CaseReopened = Event<
  'CaseReopened',
  { readonly caseManagerId: string | null },
  { readonly reason: string }
>;

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
  | CaseReopened;

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
];

/** Current schema version of each event type; bumped with an upcaster when a shape changes. */
export const CASE_EVENT_SCHEMA_VERSION: Readonly<Record<CaseEventType, number>> = {
  ClientEngaged: 1,
  CaseAssigned: 1,
  CaseTransferred: 1,
  NeedAssessed: 1,
  PlanAmended: 1,
  ReferralMade: 1,
  ReferralStatusChanged: 1,
  ContactRecorded: 1,
  CaseNoteCorrected: 1,
  GoalProgressRecorded: 1,
  GoalAchieved: 1,
  AdvocacyActionRecorded: 1,
  CaseReviewed: 1,
  CaseTerminated: 1,
  CaseReopened: 1,
};
