import { DomainError } from '../shared/errors';

/**
 * Every rule a case command can break. The API documents and returns these
 * codes, so they are stable: add codes, never rename them.
 */
export const CASE_ERROR_CODES = [
  // Existence and lifecycle
  'CASE_NOT_FOUND',
  'CASE_ALREADY_EXISTS',
  'CASE_CLOSED',
  'CASE_NOT_CLOSED',
  // Time
  'INVALID_TIMESTAMP',
  'INVALID_DATE',
  'OCCURRED_IN_FUTURE',
  'OCCURRED_BEFORE_ENGAGEMENT',
  'OCCURRED_BEFORE_DEPENDENCY',
  'OCCURRED_AFTER_DEPENDENT',
  'ENGAGEMENT_IN_FUTURE',
  'CONTACT_IN_FUTURE',
  'DATE_OF_BIRTH_IN_FUTURE',
  'GOAL_DUE_DATE_NOT_IN_FUTURE',
  'MILESTONE_OUT_OF_RANGE',
  'NEXT_REVIEW_DATE_NOT_IN_FUTURE',
  'DATE_SET_NOT_AFTER_ENTRY',
  // Input shared by several commands
  'INVALID_VOCABULARY_VALUE',
  'DUPLICATE_ID',
  'REASON_REQUIRED',
  'SUMMARY_REQUIRED',
  // Engagement
  'CASE_NUMBER_REQUIRED',
  'CLIENT_NAME_REQUIRED',
  'CLIENT_ID_REQUIRED',
  'CONSENT_REQUIRED',
  // Assignment and transfer
  'CASE_MANAGER_REQUIRED',
  'CASE_ALREADY_ASSIGNED',
  'CASE_NOT_ASSIGNED',
  'TRANSFER_TO_SAME_CASE_MANAGER',
  // Assessment
  'ASSESSMENT_EMPTY',
  'NEED_DOMAIN_CHANGED',
  'SCORE_OUT_OF_RANGE',
  // Plan and goals
  'ASSESSMENT_REQUIRED',
  'PLAN_REQUIRED',
  'PLAN_WITHOUT_GOALS',
  'PLAN_AMENDMENT_EMPTY',
  'GOAL_ALREADY_EXISTS',
  'GOAL_TARGET_NOT_MEASURABLE',
  'EMPTY_GOAL_REVISION',
  'UNKNOWN_NEED',
  'UNKNOWN_GOAL',
  'GOAL_ALREADY_ACHIEVED',
  'GOAL_DROPPED',
  'INVALID_MEASURED_VALUE',
  'GOAL_REVIEW_MISSING',
  'GOAL_OUTCOME_MISSING',
  // Referrals
  'PROVIDER_REQUIRED',
  'REFERRAL_ALREADY_EXISTS',
  'UNKNOWN_REFERRAL',
  'REFERRAL_NOT_REPLACEABLE',
  'REFERRAL_ALREADY_REPLACED',
  'REFERRAL_STATUS_FINAL',
  'INVALID_REFERRAL_TRANSITION',
  // Contacts and notes
  'CONTACT_ALREADY_EXISTS',
  'PARTICIPANT_REQUIRED',
  'INVALID_DURATION',
  'UNKNOWN_CONTACT',
  // Advocacy
  'TARGET_ORGANISATION_REQUIRED',
  // Voiding and correcting entries
  'UNKNOWN_ENTRY',
  'ENTRY_ALREADY_VOIDED',
  'ENTRY_NOT_VOIDABLE',
  'ENTRY_NOT_CORRECTABLE',
  'ENTRY_HAS_DEPENDENTS',
  // Erasure of a client's data
  'CLIENT_DATA_ERASED',
  'ERASURE_OF_ANOTHER_CLIENT',
  'LEGAL_BASIS_REQUIRED',
  'REQUESTED_BY_REQUIRED',
  'ERASURE_ID_REQUIRED',
  // Consent to share with partners
  'CONSENT_ALREADY_EXISTS',
  'UNKNOWN_CONSENT',
  'CONSENT_REVOKED',
  'CONSENT_EXPIRED',
  'CONSENT_CATEGORIES_REQUIRED',
  'PARTNER_REQUIRED',
  'UNTIL_BEFORE_FROM',
  'NOT_A_NARROWING',
] as const;

export type CaseErrorCode = (typeof CASE_ERROR_CODES)[number];

/** Typed so that a code cannot be thrown without being listed above. */
export const caseError = (
  code: CaseErrorCode,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): DomainError => new DomainError(code, message, details);
