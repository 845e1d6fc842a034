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
 * - free text about the client: `CLIENT_FREE_TEXT` (see `free-text-category.ts` for why);
 * - a referral's or a service's provider and type: `services_referrals`;
 * - consent flags and the organisations consented to: `case_record`.
 */
import type { AssessmentDomain } from './vocabularies';
import type { InformationCategory } from '../shared/sensitivity';

export { CLIENT_FREE_TEXT } from './free-text-category';

/**
 * The category of each assessment domain. Decisions beyond the obvious names:
 * - `finances_employment` -> `finances`, `legal` -> `legal_immigration` (immigration matters are
 *   legal matters, and the stricter category of the two);
 * - `family_support` -> `safety`: a client's family situation says whom they live with or fled,
 *   and for a survivor that is whereabouts and risk; `services_referrals` would share it widely;
 * - `education` -> `services_referrals`: schooling and training the client needs to reach, which
 *   is what training and education providers receive; it names no health, legal or whereabouts.
 */
export const ASSESSMENT_DOMAIN_CATEGORY: Readonly<Record<AssessmentDomain, InformationCategory>> = {
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
