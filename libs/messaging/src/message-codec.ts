import type { CaseEventMessage, SealedClientData } from '@casetrail/contracts';
import type { StoredEvent } from '@casetrail/event-store';

const CLIENT_KID = /^client\/(.+)$/;

/** Types whose `data` names the client in `data.clientId` (and ClientEngaged from v2 on). */
const hasDataClientId = (event: StoredEvent): boolean =>
  event.type === 'ClientDataErased' || (event.type === 'ClientEngaged' && event.schemaVersion >= 2);

/**
 * The client a stored case event is about, from the stored bytes themselves (the store keeps no
 * `dataSubject`): the key its `pii` is sealed under, `client/<clientId>`, set at append for every
 * event about a client and covered by the hash; else, for the erasure receipt (sealed under a
 * system key, since the client's key is gone when it is written), the `data.clientId` it names.
 * Nothing for an access event, or a value a test's store left unsealed.
 */
export const clientIdOf = (event: StoredEvent): string | undefined => {
  const pii = event.pii as Partial<SealedClientData> | null;
  const kid = pii !== null && typeof pii === 'object' && typeof pii.kid === 'string' ? pii.kid : '';
  const fromKid = CLIENT_KID.exec(kid)?.[1];
  if (fromKid !== undefined) return fromKid;
  if (!hasDataClientId(event)) return undefined;
  const clientId = (event.data as { clientId?: unknown } | null)?.clientId;
  return typeof clientId === 'string' && clientId !== '' ? clientId : undefined;
};

/**
 * The stored event as published, and back. `pii` is carried as the store holds it: sealed by the
 * sealing store at append, never opened here. A value that is not sealed still travels (a test's
 * store), but every consumer's schema check refuses it (`validateCaseEventMessage`).
 */
const withClientId = (clientId: string | undefined) => (clientId === undefined ? {} : { clientId });

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
  ...(event.traceparent === undefined ? {} : { traceparent: event.traceparent }),
  ...withClientId(clientIdOf(event)),
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
  ...(message.traceparent === undefined ? {} : { traceparent: message.traceparent }),
  data: message.data,
  pii: message.pii,
  ...(message.prevHash === undefined ? {} : { prevHash: message.prevHash }),
  ...(message.hash === undefined ? {} : { hash: message.hash }),
});
