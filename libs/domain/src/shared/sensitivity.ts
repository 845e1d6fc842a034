/**
 * What kind of information each part of the record is. Consent is given per category, sharing
 * with a partner filters by it, and masking per role hides by it: one declaration for all three,
 * kept beside each event type (`<event>.event.ts` exports its `…_SENSITIVITY`) and published in
 * libs/contracts. Appended to, never reordered or renamed: consents name these strings forever.
 */
export const INFORMATION_CATEGORIES = [
  /** Who the client is: name, date of birth. */
  'identity',
  /** How to reach them: phone, email, address. */
  'contact',
  'physical_health',
  'mental_health',
  /** 42 CFR Part 2 records: never shared without a consent naming this category and the recipient. */
  'substance_use',
  'housing',
  'finances',
  'legal_immigration',
  /** Whereabouts and risk: a survivor's location, safety plans. */
  'safety',
  'services_referrals',
  /** The record's own facts: ids, dates, stages, programs, teams, who did it. No one's personal data. */
  'case_record',
] as const;
export type InformationCategory = (typeof INFORMATION_CATEGORIES)[number];

/**
 * A field's category, or the category of the assessment domain its list item names (a need's
 * severity is mental health when the need is): `{ byDomainAt }` gives that item's domain field.
 */
export type FieldCategory = InformationCategory | { readonly byDomainAt: string };

/**
 * Every field of an event's `data` and `pii`, by dotted path (`needs[].severity` for a field of
 * each list item, `client.givenName` for a nested one), with its category. A test checks each
 * event's declaration against its published schema: a field without a category fails the build.
 */
export interface EventSensitivity {
  readonly data: Readonly<Record<string, FieldCategory>>;
  readonly pii: Readonly<Record<string, FieldCategory>>;
}
