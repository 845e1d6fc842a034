import type { Actor } from '@casetrail/domain';

/**
 * The message downstream services receive on the case-events topic. Its shape is a
 * published contract: fields are only ever added, and `envelopeVersion` changes if
 * one must go. `pii` is the client's personal data, to be encrypted per client.
 */
export interface CaseEventMessage {
  readonly envelopeVersion: 1;
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly caseId: string;
  readonly streamVersion: number;
  readonly globalPosition: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly data: unknown;
  readonly pii: unknown;
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
