/**
 * Masking per role: which categories of a case's information each role sees when it reads a case,
 * its events, its timeline or a caseload row. What a role may read at all is the policy's
 * (`access/policy.ts`); this says what of it shows. Printed in README beside the policy table.
 */
import type { Role } from '../shared/metadata';
import { INFORMATION_CATEGORIES, type InformationCategory } from '../shared/sensitivity';

const ALL: readonly InformationCategory[] = INFORMATION_CATEGORIES;

/**
 * Defaults. Caseworkers see the whole record they work on. An auditor checks how the work was
 * done (who, when, which services, whose record) without the client's health, safety, legal,
 * housing or money matters, contact details or free text. A program manager sees counts and
 * stages; an analyst sees only pseudonymised courses; administrators and services read no case.
 */
export const ROLE_VISIBLE_CATEGORIES: Readonly<Record<Role, readonly InformationCategory[]>> = {
  case_manager: ALL,
  supervisor: ALL,
  intake_worker: ALL,
  auditor: ['case_record', 'identity', 'services_referrals'],
  program_manager: ['case_record'],
  analyst: ALL.filter((c) => c !== 'identity' && c !== 'contact'),
  administrator: ['case_record'],
  service: ['case_record'],
};

/** Whether a role sees a category; a field of no declared category is seen by no one. */
export const maySee = (role: Role, category: InformationCategory | null): boolean =>
  category !== null && ROLE_VISIBLE_CATEGORIES[role].includes(category);
