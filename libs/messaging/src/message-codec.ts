import type { CaseEventMessage, SealedClientData } from '@casetrail/contracts';
import type { StoredEvent } from '@casetrail/event-store';

/**
 * The stored event as published, and back. `pii` is carried as the store holds it: sealed by the
 * sealing store at append, never opened here. A value that is not sealed still travels (a test's
 * store), but every consumer's schema check refuses it (`validateCaseEventMessage`).
 */
export const toMessage = (event: StoredEvent): CaseEventMessage => ({
  envelopeVersion: 1,
  eventId: event.eventId,
  type: event.type,
  schemaVersion: event.schemaVersion,
  caseId: event.streamId,
  streamVersion: event.version,
  globalPosition: event.position,
  occurredAt: event.occurredAt,
  recordedAt: event.recordedAt,
  actor: event.actor,
  correlationId: event.correlationId,
  causationId: event.causationId,
  data: event.data,
  pii: event.pii as SealedClientData,
  // Events stored before the chain have neither: the message leaves them out too.
  ...(event.prevHash === undefined ? {} : { prevHash: event.prevHash }),
  ...(event.hash === undefined ? {} : { hash: event.hash }),
});

export const fromMessage = (message: CaseEventMessage): StoredEvent => ({
  eventId: message.eventId,
  type: message.type,
  schemaVersion: message.schemaVersion,
  streamId: message.caseId,
  version: message.streamVersion,
  position: message.globalPosition,
  occurredAt: message.occurredAt,
  recordedAt: message.recordedAt,
  actor: message.actor,
  correlationId: message.correlationId,
  causationId: message.causationId,
  data: message.data,
  pii: message.pii,
  ...(message.prevHash === undefined ? {} : { prevHash: message.prevHash }),
  ...(message.hash === undefined ? {} : { hash: message.hash }),
});
