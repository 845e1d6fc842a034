import type { CaseRecordsAccessed } from '@casetrail/domain';
import type { PiiOpener } from '@casetrail/protection';
import type { ReadModelStore } from '../store/read-model-store.port';
import { ACCESS_LOG, type AccessLogEntry } from './access-log.projection';

export interface AccessLogPageQuery {
  readonly offset?: number;
  readonly limit?: number;
}

export interface AccessLogPage {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  /** Newest first. */
  readonly entries: readonly AccessLogEntry[];
}

/** An access as its readers see it: the reason opened (null when none was given, or it no longer opens). */
export type ReadableAccessLogEntry = Omit<AccessLogEntry, 'pii'> & { readonly reason: string | null };

/**
 * Opens the reasons of the entries a read answers, each under its own event id. An entry an older
 * release wrote holds the reason as text (until `casetrail rebuild access_log`): it is answered as is.
 */
export const openAccessLogEntries = (
  entries: readonly AccessLogEntry[],
  opener: PiiOpener,
): Promise<ReadableAccessLogEntry[]> =>
  Promise.all(
    entries.map(async (entry) => {
      if (!Object.hasOwn(entry, 'pii')) {
        const legacy = (entry as { readonly reason?: unknown }).reason;
        return { ...entry, reason: typeof legacy === 'string' ? legacy : null };
      }
      const opened = await opener.open<Partial<CaseRecordsAccessed['pii']> | null>(entry.eventId, entry.pii);
      const reason = opened.status === 'present' ? (opened.pii?.reason ?? null) : null;
      // The reason where the sealed value was: answers keep the order they always had.
      return Object.fromEntries(
        Object.entries(entry).map(([key, value]) => (key === 'pii' ? ['reason', reason] : [key, value])),
      ) as ReadableAccessLogEntry;
    }),
  );

export const DEFAULT_ACCESS_LOG_LIMIT = 50;
export const MAX_ACCESS_LOG_LIMIT = 500;

/** Newest first: by commit position, which is the order the log was written in. */
const newestFirst = (a: AccessLogEntry, b: AccessLogEntry) =>
  b.position - a.position || (a._id < b._id ? -1 : 1);

/** One case's accesses, newest first, paged. Pure: the docs are that case's. */
export const accessLogPage = (
  docs: readonly AccessLogEntry[],
  query: AccessLogPageQuery = {},
): AccessLogPage => {
  const offset = query.offset ?? 0;
  const limit = Math.min(query.limit ?? DEFAULT_ACCESS_LOG_LIMIT, MAX_ACCESS_LOG_LIMIT);
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError('offset must be a non-negative integer');
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
  const sorted = [...docs].sort(newestFirst);
  return { total: sorted.length, offset, limit, entries: sorted.slice(offset, offset + limit) };
};

export interface EmergencyAccessQuery {
  /** The teams whose cases to list; `all` for every case (an auditor's view). */
  readonly teamIds: readonly string[] | 'all';
  /** Reads at or after this instant (ISO-8601); absent: from the beginning. */
  readonly from?: string;
  /** Reads before this instant; absent: up to now. */
  readonly to?: string;
}

/** Emergency (break-the-glass) accesses to review, newest first. Pure. */
export const emergencyAccesses = (
  docs: readonly AccessLogEntry[],
  query: EmergencyAccessQuery,
): AccessLogEntry[] => {
  const from = query.from === undefined ? -Infinity : Date.parse(query.from);
  const to = query.to === undefined ? Infinity : Date.parse(query.to);
  if (Number.isNaN(from) || Number.isNaN(to)) throw new RangeError('from and to must be ISO-8601 instants');
  if (from > to) throw new RangeError('from must not be after to');
  const teams = query.teamIds === 'all' ? null : new Set(query.teamIds);
  return docs
    .filter((d) => d.outcome === 'emergency')
    .filter((d) => teams === null || (d.teamId !== null && teams.has(d.teamId)))
    .filter((d) => {
      const at = Date.parse(d.at);
      return at >= from && at < to;
    })
    .sort(newestFirst);
};

/** The latest emergency grant of this actor on this case still running at `now`, or null. Pure. */
export const activeEmergencyGrant = (
  docs: readonly AccessLogEntry[],
  caseId: string,
  actorId: string,
  now: string,
): AccessLogEntry | null => {
  const at = Date.parse(now);
  const running = docs
    .filter((d) => d.caseId === caseId && d.actorId === actorId && d.outcome === 'emergency')
    .filter((d) => d.emergencyUntil !== null && Date.parse(d.emergencyUntil) > at)
    .sort(newestFirst);
  return running[0] ?? null;
};

// ---- Thin reads: equality on top-level fields, the rest in memory ----

const collection = (store: ReadModelStore) => store.collection<AccessLogEntry>(ACCESS_LOG);

export const readAccessLogPage = async (
  store: ReadModelStore,
  caseId: string,
  query: AccessLogPageQuery = {},
): Promise<AccessLogPage> => accessLogPage(await collection(store).find({ caseId }), query);

export const readEmergencyAccesses = async (
  store: ReadModelStore,
  query: EmergencyAccessQuery,
): Promise<AccessLogEntry[]> => {
  const docs =
    query.teamIds === 'all'
      ? await collection(store).find({ outcome: 'emergency' })
      : (
          await Promise.all(
            [...new Set(query.teamIds)].map((teamId) =>
              collection(store).find({ outcome: 'emergency', teamId }),
            ),
          )
        ).flat();
  return emergencyAccesses(docs, query);
};

export const readActiveEmergencyGrant = async (
  store: ReadModelStore,
  caseId: string,
  actorId: string,
  now: string,
): Promise<AccessLogEntry | null> =>
  activeEmergencyGrant(
    await collection(store).find({ caseId, actorId, outcome: 'emergency' }),
    caseId,
    actorId,
    now,
  );
