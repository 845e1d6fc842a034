import type { InformationCategory } from '@casetrail/domain';

/**
 * One message on a partner's own feed (`<KAFKA_TOPIC>.partner.<partnerId>`, keyed by case id):
 * an event as the client's consent let that partner see it, or a notice that the consent changed.
 * Published as `schemas/partner-feed-message.json` and in AsyncAPI; its example sits beside it.
 */
export interface PartnerFeedMessage {
  /**
   * Stable for one partner and one event (or notice): a redelivery carries the same id.
   * @minLength 1
   */
  readonly messageId: string;
  /** `disclosure`: an event, projected; `consent-notice`: `notice` says what changed, `data` is empty. */
  readonly kind: 'disclosure' | 'consent-notice';
  /**
   * The partner this feed is for (also in the topic's name).
   * @minLength 1
   */
  readonly partnerId: string;
  /**
   * The case (also the message key).
   * @minLength 1
   */
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
  /** The event's `data` with only the consented fields, shaped as its event schema's `data` minus what was withheld. */
  readonly data: Readonly<Record<string, unknown>>;
  /**
   * The disclosed pii, sealed to this partner (AES-256-GCM under its feed key, kid
   * `partner/<partnerId>`, the message id as associated data); null when no pii was disclosed.
   */
  readonly pii: PartnerSealedPii | null;
  /** Set for a `consent-notice`, null for a `disclosure`. */
  readonly notice: PartnerConsentNotice | null;
}

export interface PartnerFeedEventRef {
  /**
   * The event's `eventId` on the case-events topic: the key to deduplicate on.
   * @minLength 1
   */
  readonly eventId: string;
  /**
   * The event type: its schema, `schemas/events/<type>.v<schemaVersion>.schema.json`, gives the full shape.
   * @minLength 1
   */
  readonly type: string;
  /**
   * The version of the event type's shape (its full schema's `schemaVersion`).
   * @asType integer
   * @minimum 1
   */
  readonly schemaVersion: number;
  /**
   * The event's position in its case: partners may see gaps (events they were not sent).
   * @asType integer
   * @minimum 1
   */
  readonly streamVersion: number;
  /**
   * When it happened in the world.
   * @pattern ^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$
   */
  readonly occurredAt: string;
  /**
   * When the agency recorded it.
   * @pattern ^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$
   */
  readonly recordedAt: string;
}

export interface PartnerSealedPii {
  /** Marks the value as sealed. */
  readonly sealed: 1;
  /** The algorithm: AES-256-GCM. */
  readonly alg: 'A256GCM';
  /** The key it is sealed under: `partner/<partnerId>`, the partner's feed key. */
  readonly kid: string;
  /** The 12-byte initialisation vector, base64url without padding. */
  readonly iv: string;
  /** The ciphertext followed by the 16-byte authentication tag, base64url without padding. */
  readonly ct: string;
}

export interface PartnerConsentNotice {
  /** The consent that changed (`ConsentGranted.consentId`). */
  readonly consentId: string;
  /** `revoked`: nothing more is sent under it; `narrowed`: fewer categories or an earlier end. */
  readonly change: 'revoked' | 'narrowed';
  /**
   * From when the change applies (the consent event's occurredAt).
   * @pattern ^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$
   */
  readonly effectiveAt: string;
  /** What the consent still covers; empty once revoked. */
  readonly categories: readonly InformationCategory[];
  /** The consent's end after the change (exclusive), an ISO-8601 instant; null for none. */
  readonly until: string | null;
}
