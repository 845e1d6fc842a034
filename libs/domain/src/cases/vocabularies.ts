/**
 * The case's vocabularies: stable strings stored in events and used by the API and the
 * contracts, so a value is renamed only with an upcaster. Each `as const` list is the one
 * source of its type.
 */

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

/**
 * A need domain's code as events store it: one of the agency's vocabulary (`need_domain`) in force
 * when the event was decided, the built-in `AssessmentDomain`s among them.
 *
 * @pattern ^[a-z][a-z0-9_]{1,48}$
 */
export type NeedDomainCode = string;

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

/**
 * A service type's code as events store it: one of the agency's vocabulary (`service_type`) in
 * force when the event was decided, the built-in `ServiceType`s among them.
 *
 * @pattern ^[a-z][a-z0-9_]{1,48}$
 */
export type ServiceTypeCode = string;

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

/**
 * A contact type's code as events store it: one of the agency's vocabulary (`contact_type`) in
 * force when the event was decided, the built-in `ContactType`s among them.
 *
 * @pattern ^[a-z][a-z0-9_]{1,48}$
 */
export type ContactTypeCode = string;

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

/**
 * A closing reason's code as events store it: one of the agency's vocabulary (`closing_reason`)
 * in force when the closing was decided, the built-in `ClosingReason`s among them.
 *
 * @pattern ^[a-z][a-z0-9_]{1,48}$
 */
export type ClosingReasonCode = string;

/**
 * What a client's data key held, so what an erasure destroys: the kinds of `pii` this agency's
 * events carry (identity: name and date of birth; contact: phone, email, address; free_text: every
 * note, summary, reason and description written about them).
 */
export const ERASED_DATA_CATEGORIES = ['identity', 'contact', 'free_text'] as const;
export type ErasedDataCategory = (typeof ERASED_DATA_CATEGORIES)[number];

export const GOAL_OUTCOMES = ['achieved', 'partially_achieved', 'not_achieved'] as const;
export type GoalOutcome = (typeof GOAL_OUTCOMES)[number];

/** What a consent to share information is for (the purposes a disclosure names under 42 CFR Part 2 and HIPAA). */
export const CONSENT_PURPOSES = [
  'treatment',
  'payment',
  'health_care_operations',
  'care_coordination',
  'benefits_eligibility',
  'housing_placement',
  'legal_representation',
  'other',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** How an appointment takes place. */
export const APPOINTMENT_CHANNELS = ['in_person', 'phone', 'video', 'home_visit', 'office_visit'] as const;
export type AppointmentChannel = (typeof APPOINTMENT_CHANNELS)[number];

/** What became of an appointment. */
export const APPOINTMENT_OUTCOMES = ['kept', 'missed_by_client', 'cancelled', 'rescheduled'] as const;
export type AppointmentOutcome = (typeof APPOINTMENT_OUTCOMES)[number];

/** Who called an appointment off (a cancellation or a rescheduling). */
export const APPOINTMENT_CANCELLERS = ['client', 'worker', 'provider', 'other'] as const;
export type AppointmentCanceller = (typeof APPOINTMENT_CANCELLERS)[number];

/** How a task ended. */
export const TASK_RESOLUTIONS = ['completed', 'cancelled'] as const;
export type TaskResolution = (typeof TASK_RESOLUTIONS)[number];

/** The kinds of item a "due soon" reminder is about. */
export const DUE_ITEM_KINDS = ['appointment', 'task'] as const;
export type DueItemKind = (typeof DUE_ITEM_KINDS)[number];
