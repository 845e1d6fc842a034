import {
  CLOSING_REASONS,
  CONTACT_TYPES,
  type AssessmentDomain,
  type ServiceType,
} from '../cases/vocabularies';
import type { InformationCategory } from '../shared/sensitivity';
import { VOCABULARY_STREAM_PREFIX } from '../shared/streams';

/**
 * The vocabularies an agency words for itself, each versioned as events in a stream of its own
 * (`agency-vocabulary-<kind>`). Commands name codes from the version in force; the events they
 * decide keep the code (and, where consent depends on it, the category), so history never needs
 * today's vocabulary to be read.
 */
export const VOCABULARY_KINDS = ['service_type', 'need_domain', 'closing_reason', 'contact_type'] as const;
export type VocabularyKind = (typeof VOCABULARY_KINDS)[number];

/** The kinds whose codes carry a consent category: what a code names decides who may learn of it. */
export const CATEGORIZED_KINDS: readonly VocabularyKind[] = ['service_type', 'need_domain'];

/** A code is stored in events forever: lower snake case, 2 to 49 characters. */
export const VOCABULARY_CODE = /^[a-z][a-z0-9_]{1,48}$/;

/** The categories a service type or need domain may carry (those consent and masking decide on). */
export const CODE_CATEGORIES = [
  'physical_health',
  'mental_health',
  'substance_use',
  'housing',
  'finances',
  'legal_immigration',
  'safety',
  'services_referrals',
] as const satisfies readonly InformationCategory[];
export type CodeCategory = (typeof CODE_CATEGORIES)[number];

export interface VocabularyCode {
  /** The stable code stored in events, e.g. `substance_use_treatment`. */
  readonly code: string;
  /** How the agency calls it, e.g. "Substance-use treatment". */
  readonly label: string;
  /** The consent category of a service type or need domain; absent for the other kinds. */
  readonly category?: CodeCategory;
  /** Retired: no new command may name it, but history that does still reads. */
  readonly retired?: boolean;
}

export interface VocabularyVersion {
  readonly kind: VocabularyKind;
  /** 0: the built-in defaults, no version published yet. */
  readonly version: number;
  readonly codes: readonly VocabularyCode[];
}

/** The version in force of every kind: what a case command's codes are checked against. */
export type VocabularyCatalog = Readonly<Record<VocabularyKind, VocabularyVersion>>;

export const vocabularyStreamId = (kind: VocabularyKind): string => `${VOCABULARY_STREAM_PREFIX}${kind}`;

const labelOf = (code: string): string => {
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * The category a referral or a service takes from the kind of service it is (README, consent rule
 * 3). Typed over every built-in service type: a new one does not compile until it is given a
 * category. Events recorded before vocabularies were configurable fall back to it.
 */
export const SERVICE_TYPE_CATEGORY: Readonly<Record<ServiceType, CodeCategory>> = {
  substance_use_treatment: 'substance_use',
  counseling: 'mental_health',
  medical_care: 'physical_health',
  legal_aid: 'legal_immigration',
  housing_voucher: 'housing',
  benefits: 'finances',
  food_assistance: 'services_referrals',
  job_training: 'services_referrals',
  transportation: 'services_referrals',
  childcare: 'services_referrals',
  other: 'services_referrals',
};

/** Version 0's service types: the built-in ones, plus what the cases showed missing. */
export const BUILT_IN_SERVICE_CATEGORY: Readonly<Record<string, CodeCategory>> = {
  ...SERVICE_TYPE_CATEGORY,
  // What the cases showed missing. A shelter placement is whereabouts (a survivor's refuge), so
  // safety; immigration assistance is legal; schooling and ESL are education, shared as services.
  shelter: 'safety',
  esl_education: 'services_referrals',
  school_enrolment: 'services_referrals',
  immigration_assistance: 'legal_immigration',
};

/**
 * The category of each built-in assessment domain, typed over them all as SERVICE_TYPE_CATEGORY is.
 * Decisions beyond the obvious names:
 * - `finances_employment` -> `finances`, `legal` -> `legal_immigration` (immigration matters are
 *   legal matters, and the stricter category of the two);
 * - `family_support` -> `safety`: a client's family situation says whom they live with or fled,
 *   and for a survivor that is whereabouts and risk; `services_referrals` would share it widely;
 * - `education` -> `services_referrals`: schooling and training the client needs to reach, which
 *   is what training and education providers receive; it names no health, legal or whereabouts.
 */
export const ASSESSMENT_DOMAIN_CATEGORY: Readonly<Record<AssessmentDomain, CodeCategory>> = {
  physical_health: 'physical_health',
  mental_health: 'mental_health',
  substance_use: 'substance_use',
  housing: 'housing',
  finances_employment: 'finances',
  legal: 'legal_immigration',
  family_support: 'safety',
  education: 'services_referrals',
  safety: 'safety',
};

/** Version 0's need domains: the built-in ones, plus what the cases showed missing. */
export const BUILT_IN_NEED_DOMAIN_CATEGORY: Readonly<Record<string, CodeCategory>> = {
  ...ASSESSMENT_DOMAIN_CATEGORY,
  childcare: 'services_referrals',
  transportation: 'services_referrals',
  immigration: 'legal_immigration',
  // ESL is a need of its own in a refugee family's plan (not only schooling), so a domain of its own.
  language_esl: 'services_referrals',
};

const categorized = (map: Readonly<Record<string, CodeCategory>>): VocabularyCode[] =>
  Object.entries(map).map(([code, category]) => ({ code, label: labelOf(code), category }));

const plain = (codes: readonly string[]): VocabularyCode[] =>
  codes.map((code) => ({ code, label: labelOf(code) }));

/** Version 0 of each kind: today's lists plus what the cases showed missing. */
export const BUILT_IN_VOCABULARIES: VocabularyCatalog = {
  service_type: { kind: 'service_type', version: 0, codes: categorized(BUILT_IN_SERVICE_CATEGORY) },
  need_domain: { kind: 'need_domain', version: 0, codes: categorized(BUILT_IN_NEED_DOMAIN_CATEGORY) },
  closing_reason: { kind: 'closing_reason', version: 0, codes: plain(CLOSING_REASONS) },
  contact_type: { kind: 'contact_type', version: 0, codes: plain(CONTACT_TYPES) },
};
