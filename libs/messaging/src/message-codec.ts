import type { CaseEventMessage } from '@casetrail/contracts';
import type { StoredEvent } from '@casetrail/event-store';

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
  pii: event.pii,
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
});
