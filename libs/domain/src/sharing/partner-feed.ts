/**
 * What each partner organisation may receive of one case event, as the client's consent stood
 * when it happened and when it is sent (issue #12). Pure: the discloser in apps/case-api calls it
 * for every recorded event in order, with the case's state folded from the events before it, so a
 * rebuild from the event store gives the same disclosures as were sent.
 */
import type { CaseEvent } from '../cases/case-events';
import type { CaseState } from '../cases/case-state';
import type { InformationCategory } from '../shared/sensitivity';
import type { KeptField } from './field-projection';

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
