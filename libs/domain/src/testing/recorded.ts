/**
 * The one builder of recorded events for tests: a domain event plus the envelope the store
 * would add. Every test that needs a stored, published or projected event builds it here
 * (directly, through a read model's `CaseStory`, or through the contracts' `sampleMessage`),
 * so that a new envelope field gets its default in this file only.
 */
import { CASE_EVENT_SCHEMA_VERSION, type CaseEvent } from '../cases/case-events';
import type { EventEnvelope, Recorded } from '../shared/envelope';
import { CASE_ID, CASE_MANAGER } from './fixtures';

/**
 * Defaults: the fixtures' case, stream version 1, the global position equal to the stream
 * version (one stream in the log), the current schema version, recorded the moment it
 * happened, by the case manager, with ids derived from the stream and version.
 */
export const recorded = <E extends CaseEvent>(
  event: E,
  envelope: Partial<EventEnvelope> = {},
): Recorded<E> => {
  const streamId = envelope.streamId ?? CASE_ID;
  const version = envelope.version ?? 1;
  const full: EventEnvelope = {
    eventId: envelope.eventId ?? `${streamId}-e${version}`,
    schemaVersion: envelope.schemaVersion ?? CASE_EVENT_SCHEMA_VERSION[event.type],
    streamId,
    version,
    position: envelope.position ?? version,
    recordedAt: envelope.recordedAt ?? event.occurredAt,
    actor: envelope.actor ?? CASE_MANAGER,
    correlationId: envelope.correlationId ?? `corr-${streamId}-${version}`,
    causationId: envelope.causationId ?? `cmd-${streamId}-${version}`,
  };
  return { ...event, ...full } as Recorded<E>;
};
