/**
 * What each partner organisation may receive of one case event, as the client's consent stood
 * when it happened and when it is sent (issue #12). Pure: the discloser in apps/case-api calls it
 * for every recorded event in order, with the case's state folded from the events before it, so a
 * rebuild from the event store gives the same disclosures as were sent.
 */
import type { CaseEvent, CaseEventType } from '../cases/case-events';
import type { CaseState, ConsentState } from '../cases/case-state';
import { consentAt, consentCovers, termsAt } from '../cases/consent-rules';
import { CASE_EVENT_SENSITIVITY } from '../cases/sensitivity';
import { entry, type IdRecord } from '../shared/records';
import { INFORMATION_CATEGORIES, type InformationCategory } from '../shared/sensitivity';
import { ADDRESS_FIELDS, addressConfidential } from './confidential-address';
import { projectFields, type FieldAt, type KeptField } from './field-projection';
import { FREE_FORM_DATA_FIELDS } from './pseudonymous-fields';
import { recordedServiceCategory } from './service-categories';

/** One event as one partner may see it. */
export interface PartnerDisclosure {
  readonly partnerId: string;
  /** The consents it went under, sorted: each disclosed category is covered by one of them. */
  readonly consentIds: readonly string[];
  /** The categories disclosed, sorted, without `case_record`. */
  readonly categories: readonly InformationCategory[];
  /** The event's data with only the consented fields. */
  readonly data: Record<string, unknown>;
  /** The event's opened pii with only the consented fields (the caller seals it for the partner). */
  readonly pii: Record<string, unknown>;
  /** Every field disclosed, by part and declared path. */
  readonly fields: readonly KeptField[];
}

/** A partner's consent changed: revoked, or narrowed to fewer categories or an earlier end. */
export interface ConsentNotice {
  readonly partnerId: string;
  readonly consentId: string;
  readonly change: 'revoked' | 'narrowed';
  /** From when the change applies (the event's occurredAt). */
  readonly effectiveAt: string;
  /** The categories still covered after the change; empty once revoked. */
  readonly categories: readonly InformationCategory[];
  readonly until: string | null;
}

export interface SharingOutcome {
  readonly disclosures: readonly PartnerDisclosure[];
  readonly notices: readonly ConsentNotice[];
}

export interface SharingContext {
  /**
   * A program whose mere name tells a category (a Part 2 substance-use program): nothing about a
   * case in it goes to a partner without consent to that category as well. null for none.
   */
  readonly programCategory: (programId: string) => InformationCategory | null;
  /**
   * For a ConsentGranted only: the client as the case knows them (the engagement's opened
   * `pii.client`), or null when erased or not asked for. Who the client is and how to reach them
   * are standing facts rather than events of a moment: a grant covering `identity` or `contact`
   * sends them with the grant, since the engagement that recorded them came before any consent.
   */
  readonly client?: Readonly<Record<string, unknown>> | null;
}

/**
 * The disclosures and notices one event gives rise to. `before` is the case's state before the
 * event (initial for its first), `after` once it is applied; `event.pii` is opened, or `{}` when
 * the client's data was erased; `recordedAt` is when the agency recorded it.
 */
export type PartnerDisclosures = (
  before: CaseState,
  event: CaseEvent,
  after: CaseState,
  recordedAt: string,
  context: SharingContext,
) => SharingOutcome;

const consentsOf = (state: CaseState): IdRecord<ConsentState> =>
  state.status === 'initial' ? {} : state.consents;

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const sortedUnique = <T extends string>(values: Iterable<T>): T[] => [...new Set(values)].sort();

/**
 * Events whose every declared data field is a record fact (an assignment, a void, a correction of a
 * date, an erasure). They go to a live partner even though they disclose no category: a partner
 * must learn that the copy it holds was voided, corrected or erased. Computed from the registry so
 * that a new event type is judged by its declaration, not by a list someone forgot to extend.
 */
export const RECORD_ONLY_EVENT_TYPES: ReadonlySet<CaseEventType> = new Set(
  (Object.keys(CASE_EVENT_SENSITIVITY) as CaseEventType[]).filter((type) =>
    Object.values(CASE_EVENT_SENSITIVITY[type].data).every((category) => category === 'case_record'),
  ),
);

/**
 * Free text goes only under consent to every category but the record's own: a passage cannot be
 * segmented, and may hold a treatment, a diagnosis or a survivor's whereabouts (the known limit in
 * protective-categories.ts), so consent to substance use alone is not enough for it.
 */
const FREE_TEXT_REQUIRES: readonly InformationCategory[] = INFORMATION_CATEGORIES.filter(
  (category) => category !== 'case_record',
);

/** pii of these categories is what it says (a name, a phone): any other pii field is free text. */
const STRUCTURED_PII: readonly InformationCategory[] = ['identity', 'contact'];

/**
 * The category a services_referrals field takes (consent rule 3): the one its list item (a plan's
 * service, an ongoing support) or the event (a referral made, v2) recorded when it was decided, else
 * its built-in service type's; for a status change that does not repeat it, the referral's as the
 * case knew it before the event. A code neither knows is no category anyone consented to: null.
 */
const serviceCategoryFor = (
  before: CaseState,
  event: CaseEvent,
  field: FieldAt,
): InformationCategory | null => {
  if (field.item !== null && typeof field.item['serviceType'] === 'string')
    return recordedServiceCategory(field.item) ?? null;
  const data: unknown = event.data;
  if (isRecord(data) && typeof data['serviceType'] === 'string') return recordedServiceCategory(data) ?? null;
  if (event.type === 'ReferralStatusChanged' && before.status !== 'initial') {
    return entry(before.referrals, event.data.referralId)?.serviceCategory ?? null;
  }
  return null;
};

/** The one partner a consent event concerns: no other partner learns of someone else's consent. */
const concernedPartner = (event: CaseEvent, after: CaseState): string | null | undefined => {
  if (event.type === 'ConsentGranted') return event.data.partnerId;
  if (event.type === 'ConsentNarrowed' || event.type === 'ConsentRevoked') {
    return entry(consentsOf(after), event.data.consentId)?.partnerId ?? null;
  }
  // Not a consent event: every partner with a consent on the case is considered.
  return undefined;
};

const noticeFor = (event: CaseEvent, before: CaseState, after: CaseState): ConsentNotice | null => {
  if (event.type === 'ConsentRevoked') {
    const consent = entry(consentsOf(before), event.data.consentId);
    if (consent === undefined) return null;
    return {
      partnerId: consent.partnerId,
      consentId: event.data.consentId,
      change: 'revoked',
      effectiveAt: event.occurredAt,
      categories: [],
      until: termsAt(consent, event.occurredAt).until,
    };
  }
  if (event.type === 'ConsentNarrowed') {
    // The terms in force after it: what the partner may still receive from now on.
    const consent = entry(consentsOf(after), event.data.consentId);
    if (consent === undefined) return null;
    const terms = termsAt(consent, event.occurredAt);
    return {
      partnerId: consent.partnerId,
      consentId: event.data.consentId,
      change: 'narrowed',
      effectiveAt: event.occurredAt,
      categories: sortedUnique(terms.categories),
      until: terms.until,
    };
  }
  return null;
};

const disclosureFor = (
  partnerId: string,
  before: CaseState,
  event: CaseEvent,
  after: CaseState,
  recordedAt: string,
  context: SharingContext,
): PartnerDisclosure | null => {
  // A grant or a narrowing is judged by the terms it sets: a grant discloses nothing before its `from`.
  const judged = event.type === 'ConsentGranted' || event.type === 'ConsentNarrowed' ? after : before;
  // Covered at both instants: allowed for the time the entry is about and at the moment it is sent,
  // so an entry back-dated to before a revocation, but recorded after it, never goes.
  const covering = new Map<InformationCategory, readonly string[]>();
  for (const category of INFORMATION_CATEGORIES) {
    const then = consentAt(judged, partnerId, category, event.occurredAt);
    const now = consentAt(judged, partnerId, category, recordedAt);
    if (then !== null && now !== null) covering.set(category, sortedUnique([then, now]));
  }
  if (covering.size === 0) return null;
  // A Part 2 program's very name tells substance use: nothing of a case in it goes without that consent.
  const programState = after.status === 'initial' ? before : after;
  const programCategory =
    programState.status === 'initial' ? null : context.programCategory(programState.programId);
  if (programCategory !== null && !covering.has(programCategory)) return null;

  const covered = (category: InformationCategory): boolean => covering.has(category);
  // Collected leaf by leaf: the projection's `kept` names each path once, so a list holding a
  // housing need and a substance-use one would show only one of the two categories there.
  const disclosed = new Set<InformationCategory>();
  let piiKept = false;
  // While the client's address is confidential no partner receives it, whatever the consent says.
  const confidential = addressConfidential(before) || addressConfidential(after);
  const keepFor =
    (type: CaseEventType) =>
    (field: FieldAt): boolean =>
      !(confidential && field.part === 'pii' && (ADDRESS_FIELDS[type] ?? []).includes(field.path)) &&
      keep(field);
  const keep = (field: FieldAt): boolean => {
    const category = field.category;
    // Undeclared: nobody decided what it is, so it is not something the client consented to.
    if (category === null) return false;
    // Words a worker typed into data (an organisation's name, a goal's metric, an erasure's legal
    // basis, often naming the client) are free text too, whatever their declared category.
    if (field.part === 'data' && FREE_FORM_DATA_FIELDS[event.type].includes(field.path))
      return FREE_TEXT_REQUIRES.every(covered);
    // Ids, dates and stages give the disclosed fields their meaning; the send rule below stops
    // an event that would carry nothing else.
    if (category === 'case_record') return true;
    if (field.part === 'pii' && !STRUCTURED_PII.includes(category)) return FREE_TEXT_REQUIRES.every(covered);
    return covered(category);
  };
  const projection = projectFields(event.type, event.data, event.pii, {
    refine: (field) =>
      field.category === 'services_referrals' ? serviceCategoryFor(before, event, field) : null,
    keep: (field) => {
      const kept = keepFor(event.type)(field);
      if (kept && field.category !== null && field.category !== 'case_record') disclosed.add(field.category);
      if (kept && field.part === 'pii') piiKept = true;
      return kept;
    },
  });

  const categories = sortedUnique(disclosed);
  if (categories.length === 0 && !RECORD_ONLY_EVENT_TYPES.has(event.type)) return null;

  const cited: InformationCategory[] = [...categories];
  if (cited.length > 0 && programCategory !== null) cited.push(programCategory);
  const consentIds =
    cited.length > 0
      ? sortedUnique(cited.flatMap((category) => covering.get(category) ?? []))
      : // Record-only: it goes because the partner holds copies under these consents.
        sortedUnique(
          Object.entries(consentsOf(judged)).flatMap(([consentId, consent]) =>
            consent.partnerId === partnerId &&
            INFORMATION_CATEGORIES.some(
              (category) =>
                consentCovers(consent, category, event.occurredAt) &&
                consentCovers(consent, category, recordedAt),
            )
              ? [consentId]
              : [],
          ),
        );
  // An object the walk left empty (`descriptions: {}`) would still tell something of the free text.
  const pii: Record<string, unknown> = piiKept ? { ...projection.pii } : {};
  const fields = [...projection.kept];
  if (event.type === 'ConsentGranted' && context.client) {
    // Walked by the engagement's declaration: the same categories as when the client was engaged.
    const standing = projectFields(
      'ClientEngaged',
      {},
      { client: context.client },
      { keep: keepFor('ClientEngaged') },
    );
    if (standing.kept.length > 0) {
      pii['client'] = standing.pii['client'];
      fields.push(...standing.kept);
      const withIdentity = sortedUnique([
        ...categories,
        ...standing.kept.flatMap((f) => (f.category ? [f.category] : [])),
      ]);
      return {
        partnerId,
        consentIds: sortedUnique([...consentIds, ...withIdentity.flatMap((c) => covering.get(c) ?? [])]),
        categories: withIdentity,
        data: projection.data,
        pii,
        fields,
      };
    }
  }
  return { partnerId, consentIds, categories, data: projection.data, pii, fields };
};

/**
 * Each partner with a consent on the case gets the event projected to what that consent covered
 * both when it happened and when it is recorded; consent events go only to their own partner, and
 * a revocation or narrowing gives that partner a notice (a revocation is not also a disclosure).
 */
export const partnerDisclosures: PartnerDisclosures = (before, event, after, recordedAt, context) => {
  const notice = noticeFor(event, before, after);
  const concerned = concernedPartner(event, after);
  const partners =
    concerned === undefined
      ? sortedUnique(
          [...Object.values(consentsOf(before)), ...Object.values(consentsOf(after))].map((c) => c.partnerId),
        )
      : event.type === 'ConsentRevoked' || concerned === null
        ? []
        : [concerned];
  const disclosures = partners.flatMap((partnerId) => {
    const disclosure = disclosureFor(partnerId, before, event, after, recordedAt, context);
    return disclosure === null ? [] : [disclosure];
  });
  return { disclosures, notices: notice === null ? [] : [notice] };
};
