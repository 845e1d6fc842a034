import type { InformationCategory } from '@casetrail/domain';

/**
 * One message on a partner's own feed (`<KAFKA_TOPIC>.partner.<partnerId>`, keyed by case id):
 * an event as the client's consent let that partner see it, or a notice that the consent changed.
 * Published as `schemas/partner-feed-message.json` and in AsyncAPI; its example sits beside it.
 */
export interface PartnerFeedMessage {
  /** Stable for one partner and one event (or notice): a redelivery carries the same id. */
  readonly messageId: string;
  readonly kind: 'disclosure' | 'consent-notice';
  readonly partnerId: string;
  readonly caseId: string;
  /** The client the case is about: lets a partner join messages without any personal data. */
  readonly clientId: string;
  /** The recorded event this message comes from (for a notice: the consent event). */
  readonly event: PartnerFeedEventRef;
  /** The consents it went under, sorted. */
  readonly consentIds: readonly string[];
  /** The categories disclosed, sorted, without `case_record`; empty for a notice. */
  readonly categories: readonly InformationCategory[];
  /** Every disclosed field: `data.<path>` or `pii.<path>`, declared paths (`data.needs[].severity`). */
  readonly fields: readonly string[];
  readonly data: Readonly<Record<string, unknown>>;
  /**
   * The disclosed pii, sealed to this partner (AES-256-GCM under its feed key, kid
   * `partner/<partnerId>`, the message id as associated data); null when no pii was disclosed.
   */
  readonly pii: PartnerSealedPii | null;
  readonly notice: PartnerConsentNotice | null;
}

export interface PartnerFeedEventRef {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamVersion: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
}

export interface PartnerSealedPii {
  readonly sealed: 1;
  readonly alg: 'A256GCM';
  readonly kid: string;
  readonly iv: string;
  readonly ct: string;
}

export interface PartnerConsentNotice {
  readonly consentId: string;
  readonly change: 'revoked' | 'narrowed';
  readonly effectiveAt: string;
  /** What the consent still covers; empty once revoked. */
  readonly categories: readonly InformationCategory[];
  readonly until: string | null;
}
