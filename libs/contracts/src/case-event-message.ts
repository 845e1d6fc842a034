import type { Actor } from '@casetrail/domain';

// `schemas/envelope.v1.schema.json` is generated from this interface (`npm run contracts:generate`):
// its JSDoc becomes the schema's descriptions, and tags such as @minLength its constraints.

/**
 * Client data as it travels: AES-256-GCM under the data key `kid` names, the message's `eventId`
 * (UTF-8) as associated data. A consumer holding the key opens it and finds the shape
 * `schemas/events/<type>.v<schemaVersion>.schema.json` gives for `pii`; without the key (or after
 * the client's erasure, which destroys it) it stays closed.
 */
export interface SealedClientData {
  /** Marks the value as sealed. */
  readonly sealed: 1;
  /** The algorithm: AES-256-GCM. */
  readonly alg: 'A256GCM';
  /**
   * The key it is sealed under: `client/<clientId>` for a client's data, `system/records` for data
   * of no one client (access reasons).
   * @pattern ^(client|system)/.+$
   */
  readonly kid: string;
  /**
   * The 12-byte initialisation vector, base64url without padding.
   * @pattern ^[A-Za-z0-9_-]{16}$
   */
  readonly iv: string;
  /**
   * The ciphertext followed by the 16-byte authentication tag, base64url without padding.
   * @pattern ^[A-Za-z0-9_-]{22,}$
   */
  readonly ct: string;
}

/**
 * The message downstream services receive on the case-events topic (the Kafka value, JSON).
 * Its shape is a published contract: fields are only ever added, and `envelopeVersion`
 * changes if one must go. `pii` is the client's personal data, sealed under the client's key.
 */
export interface CaseEventMessage {
  /**
   * Changes only when a field is removed or changes meaning; fields are added within a version.
   * @asType integer
   */
  readonly envelopeVersion: 1;
  /**
   * Unique per event, stable across redeliveries: the key to deduplicate on.
   * @minLength 1
   */
  readonly eventId: string;
  /**
   * The event type, e.g. `ClientEngaged`. New types may appear within an envelope version: skip
   * the ones you do not know.
   * @minLength 1
   */
  readonly type: string;
  /**
   * Version of this type's `data`/`pii` shape: `schemas/events/<type>.v<schemaVersion>.schema.json`.
   * @asType integer
   * @minimum 1
   */
  readonly schemaVersion: number;
  /**
   * The case (the stream) the event belongs to; also the Kafka message key. On the access-events
   * topic it is the access stream (`access-<instanceId>`, each written by one process only), and the
   * cases that were read are in `data.cases`.
   * @minLength 1
   */
  readonly caseId: string;
  /**
   * The event's position in its case: 1-based and gapless. (caseId, streamVersion) is unique.
   * @asType integer
   * @minimum 1
   */
  readonly streamVersion: number;
  /**
   * Position in the global commit order across all cases: 1-based, gapless, increasing.
   * @asType integer
   * @minimum 1
   */
  readonly globalPosition: number;
  /**
   * When it happened in the world: an ISO-8601 instant with a zone (`Z` or `±hh:mm`).
   * @pattern ^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$
   */
  readonly occurredAt: string;
  /**
   * When the system recorded it: an ISO-8601 instant with a zone (`Z` or `±hh:mm`).
   * @pattern ^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$
   */
  readonly recordedAt: string;
  /** Who did it, on whose authority. */
  readonly actor: Actor;
  /**
   * The client the case is about: a stable id to join on without opening `pii` (the same id as
   * `ClientEngaged` v2's `data.clientId`, and the one `pii.kid` names as `client/<clientId>`).
   * On every case event; absent on the access-events topic (no one client) and on messages
   * published before it was added.
   * @minLength 1
   */
  readonly clientId?: string;
  /**
   * Ties together everything one request or process caused.
   * @minLength 1
   */
  readonly correlationId: string;
  /**
   * The command that caused the event; a retried command keeps it.
   * @minLength 1
   */
  readonly causationId: string;
  /**
   * The W3C trace context (https://www.w3.org/TR/trace-context/) the event was recorded under:
   * `00-<traceId>-<spanId>-<flags>`, the span of the request that appended it. Absent on events
   * recorded before it was kept and on those no request caused.
   * @pattern ^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$
   */
  readonly traceparent?: string;
  /**
   * Facts about the work, safe to analyse and share; shape per (type, schemaVersion).
   * @asType object
   */
  readonly data: unknown;
  /**
   * The client's personal data (identity and every free-text passage about them), sealed: no
   * plaintext client data is ever published. Opened, its shape is per (type, schemaVersion).
   */
  readonly pii: SealedClientData;
  /**
   * The `hash` of the event before it in its stream; null for a stream's first event. Absent on
   * messages published before streams were hash-chained.
   */
  readonly prevHash?: string | null;
  /**
   * SHA-256 over the canonical encoding of the event's envelope, sealed `pii` included: what
   * `casetrail verify` checks the chain with. Absent on messages published before the chain.
   * @minLength 1
   */
  readonly hash?: string;
}

/** Kafka headers carry what a consumer may route or trace on without parsing the value. */
export const MESSAGE_HEADERS = {
  eventType: 'casetrail-event-type',
  eventId: 'casetrail-event-id',
  schemaVersion: 'casetrail-schema-version',
  caseId: 'casetrail-case-id',
  correlationId: 'casetrail-correlation-id',
  causationId: 'casetrail-causation-id',
} as const;

/**
 * The W3C trace context header (https://www.w3.org/TR/trace-context/) of a message whose event
 * has a `traceparent`: the event's trace, with the publisher's own span id (a child of the event's
 * span), so a consumer's work continues the trace of the request that recorded it. It does not
 * repeat the value's `traceparent` (another span), so it is not among the `MESSAGE_HEADERS`.
 */
export const TRACE_CONTEXT_HEADER = 'traceparent';
