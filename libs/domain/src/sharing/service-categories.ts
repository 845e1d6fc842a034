/**
 * The category a referral or a service takes from the kind of service it is. A referral to
 * substance-use treatment tells of substance use as much as a need in that domain does, so a
 * partner consented to `services_referrals` alone must not learn of it (42 CFR Part 2); the same
 * holds for counselling (mental health), medical care, legal aid, housing and benefits.
 */
import type { ServiceType } from '../cases/vocabularies';
import type { InformationCategory } from '../shared/sensitivity';

/** Typed over every service type: a new one does not compile until it is given a category. */
export const SERVICE_TYPE_CATEGORY: Readonly<Record<ServiceType, InformationCategory>> = {
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
