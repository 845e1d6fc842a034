/**
 * The category a need, strength or goal takes from its domain. An agency's own domain carries the
 * category its administrator gave it, recorded beside the domain when the event was decided, so a
 * later vocabulary version cannot share what was protected when it was written.
 */
import type { AssessmentDomain } from '../cases/vocabularies';
import {
  ASSESSMENT_DOMAIN_CATEGORY,
  CODE_CATEGORIES,
  type CodeCategory,
} from '../vocabularies/vocabulary-kinds';

const isCodeCategory = (value: unknown): value is CodeCategory =>
  typeof value === 'string' && (CODE_CATEGORIES as readonly string[]).includes(value);

/** The built-in domain's category, for items decided before each kept its own (a v1 assessment or goal). */
export const builtInNeedDomainCategory = (domain: unknown): CodeCategory | undefined =>
  typeof domain === 'string' && Object.hasOwn(ASSESSMENT_DOMAIN_CATEGORY, domain)
    ? ASSESSMENT_DOMAIN_CATEGORY[domain as AssessmentDomain]
    : undefined;

/**
 * The category recorded beside a domain (`category`) when the item has one, else the built-in
 * domain's; undefined for a code neither knows (no one consented to it).
 */
export const recordedDomainCategory = (category: unknown, domain: unknown): CodeCategory | undefined =>
  isCodeCategory(category) ? category : builtInNeedDomainCategory(domain);
