import type { InformationCategory } from '../../domain/src/shared/sensitivity';

/**
 * What each information category covers, as published to partners in `schemas/sensitivity.json`.
 * A Record, so that a category added to the domain's list does not compile until it is described.
 */
export const CATEGORY_DESCRIPTIONS: Readonly<Record<InformationCategory, string>> = {
  identity: 'Who the client is: name, date of birth.',
  contact: 'How to reach the client: phone, email, address.',
  physical_health: 'Physical health needs, conditions and the goals about them.',
  mental_health: 'Mental health needs, conditions and the goals about them.',
  substance_use:
    'Substance-use records (US 42 CFR Part 2): never disclosed without a consent naming this category and the recipient. Also every passage of free text about the client, and facts of a goal whose domain the event does not carry.',
  housing: 'Housing needs and the goals about them.',
  finances: 'Finances, employment and benefits needs and the goals about them.',
  legal_immigration: 'Legal and immigration matters, and the organisations advocacy was taken towards.',
  safety: 'Whereabouts and risk: safety needs, safety plans, family situation.',
  services_referrals:
    'Services, providers and referrals, how the client was referred, the professionals involved.',
  case_record:
    'The record’s own facts: ids, dates, stages, programs, teams, who did it. No one’s personal data.',
};
