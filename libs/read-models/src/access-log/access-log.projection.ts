import {
  isAccessStream,
  type AccessOutcome,
  type ActorRole,
  type CaseRecordsAccessed,
  type Recorded,
} from '@casetrail/domain';
import type { StoredEvent } from '@casetrail/event-store';
import type { RebuildTarget } from '../rebuild';
import type { ReadModelCollection, ReadModelDocument, ReadModelStore } from '../store/read-model-store.port';

export const ACCESS_LOG = 'access_log';

/**
 * One access to one case: `_id` is `<caseId>:<eventId>`, so a redelivered event finds its
 * documents already there. Every field a query filters on is top-level (FerretDB pushes
 * equality on those down to PostgreSQL). `version` is the access stream's version.
 */
export interface AccessLogEntry extends ReadModelDocument {
  readonly caseId: string;
  readonly eventId: string;
  /** Global commit position: the order of the log. */
  readonly position: number;
  /** When the read happened. */
  readonly at: string;
  readonly actor: { readonly id: string; readonly role: ActorRole };
  readonly actorId: string;
  readonly route: string;
  readonly outcome: AccessOutcome;
  readonly denial: string | null;
  /**
   * The event's `pii` as it carried it: the X-Access-Reason text sealed under the system records key
   * (it can name a client). Opened only when the case's auditors and supervisors read the log
   * (`openAccessLogEntries`).
   */
  readonly pii: unknown;
  readonly emergencyUntil: string | null;
  readonly teamId: string | null;
  readonly programId: string | null;
}

const isAccessEvent = (event: StoredEvent): event is Recorded<CaseRecordsAccessed> =>
  isAccessStream(event.streamId) && event.type === 'CaseRecordsAccessed';

export const accessLogId = (caseId: string, eventId: string): string => `${caseId}:${eventId}`;

/** The documents an event makes: one per case it names; none for a list read that names none. */
export const accessLogIds = (event: StoredEvent): string[] =>
  isAccessEvent(event) ? event.data.cases.map((c) => accessLogId(c.caseId, event.eventId)) : [];

/**
 * What the document `id` is after `event`: an access, once recorded, never changes, so a
 * stored document stays as it is (a redelivery) and an absent one is made from the event.
 */
export const evolveAccessLog = (
  doc: AccessLogEntry | null,
  event: StoredEvent,
  id: string,
): AccessLogEntry | null => {
  if (doc !== null || !isAccessEvent(event)) return doc;
  const accessed = event.data.cases.find((c) => accessLogId(c.caseId, event.eventId) === id);
  if (!accessed) return null;
  return {
    _id: id,
    version: event.version,
    caseId: accessed.caseId,
    eventId: event.eventId,
    position: event.position,
    at: event.occurredAt,
    actor: { id: event.actor.id, role: event.actor.role },
    actorId: event.actor.id,
    route: event.data.route,
    outcome: event.data.outcome,
    denial: event.data.denial,
    pii: event.pii,
    emergencyUntil: event.data.emergencyUntil,
    teamId: accessed.teamId,
    programId: accessed.programId,
  };
};

/**
 * Keeps the access_log from access events: insert-if-absent, so redelivery and replay
 * change nothing. (Case read models have one document per stream and a version guard; here
 * one event makes several documents and none is ever updated, so the guard is existence.)
 */
export class AccessLogProjector {
  private readonly docs: ReadModelCollection<AccessLogEntry>;

  constructor(store: ReadModelStore, collection: string = ACCESS_LOG) {
    this.docs = store.collection<AccessLogEntry>(collection);
  }

  /** The index the per-case query needs. */
  async init(): Promise<void> {
    await this.docs.ensureIndex('caseId');
  }

  /** Returns how many documents it added. Store errors propagate, so the batch comes again. */
  async applyBatch(events: readonly StoredEvent[]): Promise<number> {
    const fresh = new Map<string, AccessLogEntry>();
    for (const event of events)
      for (const id of accessLogIds(event)) {
        const doc = fresh.has(id) ? null : evolveAccessLog(null, event, id);
        if (doc) fresh.set(id, doc);
      }
    if (fresh.size === 0) return 0;
    // Straight to insert, the unique _id deciding what exists: reading first would be an `$in`
    // lookup, which FerretDB runs as a scan of the whole collection. A document a redelivery
    // inserted before is the same document: losing that race is fine.
    const lost = await this.docs.putMany([...fresh.values()].map((doc) => ({ doc, previousVersion: null })));
    return fresh.size - lost.length;
  }
}

/** The access_log as a rebuild target: replays the access events of the whole store. */
export const accessLogTarget: RebuildTarget = {
  collection: ACCESS_LOG,
  prepare: (readModels, collection) => new AccessLogProjector(readModels, collection).init(),
  runner: (readModels, collection) => {
    const projector = new AccessLogProjector(readModels, collection);
    // Nothing here can be poison: an event that is not an access makes no document.
    return { applyBatch: async (events) => ({ added: await projector.applyBatch(events), poisoned: [] }) };
  },
};
