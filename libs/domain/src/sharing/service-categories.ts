/**
 * The category a referral or a service takes from the kind of service it is. A referral to
 * substance-use treatment tells of substance use as much as a need in that domain does, so a
 * partner consented to `services_referrals` alone must not learn of it (42 CFR Part 2); the same
 * holds for counselling (mental health), medical care, legal aid, housing and benefits.
 */
import type { ServiceType } from '../cases/vocabularies';
import { CODE_CATEGORIES, SERVICE_TYPE_CATEGORY, type CodeCategory } from '../vocabularies/vocabulary-kinds';

/**
 * The category of a built-in service type, for events decided before each kept its own (a v1
 * referral); a code outside the built-in table is shared as the least sensitive kind only where
 * nothing else is known.
 */
export const builtInServiceCategory = (serviceType: unknown): CodeCategory =>
  typeof serviceType === 'string' && Object.hasOwn(SERVICE_TYPE_CATEGORY, serviceType)
    ? SERVICE_TYPE_CATEGORY[serviceType as ServiceType]
    : 'services_referrals';

/**
 * The category a service-bearing item (a referral, a planned service, an ongoing support) or event
 * names: the one recorded beside its service type when it has one (`serviceCategory`), else the
 * built-in type's; undefined for a code neither knows.
 */
export const recordedServiceCategory = (holder: unknown): CodeCategory | undefined => {
  if (typeof holder !== 'object' || holder === null) return undefined;
  const { serviceCategory, serviceType } = holder as { serviceCategory?: unknown; serviceType?: unknown };
  if (typeof serviceCategory === 'string' && (CODE_CATEGORIES as readonly string[]).includes(serviceCategory))
    return serviceCategory as CodeCategory;
  return typeof serviceType === 'string' && Object.hasOwn(SERVICE_TYPE_CATEGORY, serviceType)
    ? SERVICE_TYPE_CATEGORY[serviceType as ServiceType]
    : undefined;
};
