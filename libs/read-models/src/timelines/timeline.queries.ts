import { instant, isRecordedLate, startOfDay } from '@casetrail/domain';
import type { PiiOpener } from '@casetrail/protection';
import { openTimelineEntries } from './timeline-client-data';
import {
  TIMELINE_SHAPE,
  type ClientDataStatus,
  type OpenedTimelineEntry,
  type Timeline,
  type TimelineCategory,
  type TimelineEntry,
  type TimelineVoid,
} from './timeline-entry';
import { timelineWording } from './timeline-wording';

export interface TimelineQuery {
  /** Event types to keep; absent or empty keeps every type. */
  readonly types?: readonly string[];
  /** Categories to keep; absent or empty keeps every category. */
  readonly categories?: readonly TimelineCategory[];
  /** Inclusive lower bound on when it happened (an ISO-8601 instant or a YYYY-MM-DD day, UTC). */
  readonly from?: string;
  /** Exclusive upper bound on when it happened, so that consecutive periods never overlap. */
  readonly to?: string;
  /**
   * The timeline as it stood at this instant: only what had been recorded by then, inclusive.
   * A note written up later about an earlier contact is left out, as it was unknown at the time.
   */
  readonly asOf?: string;
  /** By when it happened; entries that happened at the same instant follow the order they were recorded in. */
  readonly order?: 'asc' | 'desc';
  readonly offset?: number;
  readonly limit?: number;
  /** The agency's zone (AGENCY_TIME_ZONE), where "written up on a later day" is counted; UTC if absent. */
  readonly timeZone?: string;
}

/** An entry as the API and the CLI show it: its facts worded, its envelope and links as stored. */
export interface ReadableTimelineEntry {
  readonly version: number;
  readonly position: number;
  readonly eventId: string;
  readonly type: TimelineEntry['type'];
  readonly actor: TimelineEntry['actor'];
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** Written up on a later day (in the agency's zone) than it happened, as the case state's ledger says. */
  readonly recordedLate: boolean;
  readonly category: TimelineCategory;
  readonly title: string;
  readonly detail: string;
  readonly links: TimelineEntry['links'];
  /** Struck through: voided by a later entry (who, when, which); null while it counts. */
  readonly voided: TimelineVoid | null;
  /** The date first recorded when a correction moved it (`occurredAt` is the corrected one); else null. */
  readonly originalOccurredAt: string | null;
  /** `erased`: the client data this entry held no longer opens (its key was destroyed); the words say so. */
  readonly clientData: ClientDataStatus;
}

export interface TimelinePage {
  readonly total: number;
  readonly entries: readonly ReadableTimelineEntry[];
}

export const DEFAULT_TIMELINE_LIMIT = 50;

/** A stored timeline of another shape than this code reads: it needs a rebuild from the event log. */
export class OutdatedTimelineError extends Error {
  /** @param shape the stored documents' shape; 1 for unmarked ones, which held sentences */
  constructor(readonly shape: number) {
    super(
      `The timeline read model holds documents of shape ${shape}, this release reads shape ${TIMELINE_SHAPE}: rebuild it (casetrail rebuild timelines)`,
    );
    this.name = 'OutdatedTimelineError';
  }
}

/** Calendar days are taken at the start of their UTC day; anything unparseable is a caller's mistake. */
const instantOf = (value: string, field: string): number => {
  const time = startOfDay(value);
  if (Number.isNaN(time)) throw new RangeError(`${field} is not a date or an instant: ${value}`);
  return time;
};

/**
 * As of a past instant, a contact shows only the corrections known then: a later correction would
 * otherwise leak into "what the agency knew on that date".
 */
const knownLinks = (entry: TimelineEntry, visible: ReadonlySet<number>): TimelineEntry => {
  const corrections = entry.links.correctedByVersions;
  if (corrections === undefined) return entry;
  const known = corrections.filter((v) => visible.has(v));
  if (known.length === corrections.length) return entry;
  const { correctedByVersions: _dropped, ...links } = entry.links;
  return { ...entry, links: known.length > 0 ? { ...links, correctedByVersions: known } : links };
};

/** Likewise a void, or a date correction, recorded after that instant had not happened yet. */
const knownChanges = (entry: TimelineEntry, known: ReadonlyMap<number, TimelineEntry>): TimelineEntry => {
  let changed = entry;
  if (changed.voided !== undefined && !known.has(changed.voided.version)) {
    const { voided: _void, ...rest } = changed;
    const { voidedByVersion: _link, ...links } = rest.links;
    changed = { ...rest, links };
  }
  const corrections = changed.links.dateCorrectedByVersions;
  if (corrections !== undefined && changed.originalOccurredAt !== undefined) {
    const seen = corrections.filter((v) => known.has(v));
    if (seen.length < corrections.length) {
      const last = known.get(seen.at(-1) ?? -1);
      const { originalOccurredAt, ...rest } = changed;
      const { dateCorrectedByVersions: _links, ...links } = rest.links;
      changed =
        last === undefined || last.type !== 'EntryCorrected'
          ? { ...rest, occurredAt: originalOccurredAt, links }
          : {
              ...rest,
              occurredAt: last.facts.occurredAt,
              originalOccurredAt,
              links: { ...links, dateCorrectedByVersions: seen },
            };
    }
  }
  return changed;
};

/** Worded now, from the stored facts: the key order is the one the API has always answered with. */
const readable = (entry: OpenedTimelineEntry, timeZone: string): ReadableTimelineEntry => {
  const { version, position, eventId, type, actor, occurredAt, recordedAt, category, links } = entry;
  const { title, detail } = timelineWording(entry);
  return {
    version,
    position,
    eventId,
    type,
    actor,
    occurredAt,
    recordedAt,
    recordedLate: isRecordedLate(occurredAt, recordedAt, timeZone),
    category,
    title,
    detail,
    links,
    voided: entry.voided ?? null,
    originalOccurredAt: entry.originalOccurredAt ?? null,
    clientData: entry.clientData,
  };
};

/**
 * Filters, orders, pages and words one case's timeline: the API only fetches the document, and the
 * CLI's replay answers exactly what the API does. Only the page's entries are opened.
 */
export const timelinePage = async (
  doc: Pick<Timeline, 'entries' | 'shape'>,
  opener: PiiOpener,
  query: TimelineQuery = {},
): Promise<TimelinePage> => {
  const shape: unknown = doc.shape;
  if (shape !== TIMELINE_SHAPE) throw new OutdatedTimelineError(typeof shape === 'number' ? shape : 1);
  const types = query.types && query.types.length > 0 ? new Set(query.types) : null;
  const categories =
    query.categories && query.categories.length > 0 ? new Set<string>(query.categories) : null;
  const from = query.from === undefined ? null : instantOf(query.from, 'from');
  const to = query.to === undefined ? null : instantOf(query.to, 'to');
  const asOf = query.asOf === undefined ? null : instantOf(query.asOf, 'asOf');

  const recorded = asOf === null ? doc.entries : doc.entries.filter((e) => instant(e.recordedAt) <= asOf);
  const byVersion = new Map(recorded.map((e) => [e.version, e]));
  const visible = new Set(byVersion.keys());
  // What was known then: later links, voids and date corrections undone (a no-op without asOf).
  const known = recorded.map((e) => knownChanges(knownLinks(e, visible), byVersion));
  const matching = known.filter((e) => {
    const happened = instant(e.occurredAt);
    return (
      (types === null || types.has(e.type)) &&
      (categories === null || categories.has(e.category)) &&
      (from === null || happened >= from) &&
      (to === null || happened < to)
    );
  });
  const direction = query.order === 'desc' ? -1 : 1;
  const sorted = [...matching].sort(
    (a, b) => (instant(a.occurredAt) - instant(b.occurredAt) || a.version - b.version) * direction,
  );
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_TIMELINE_LIMIT));
  const page = await openTimelineEntries(sorted.slice(offset, offset + limit), opener);
  return { total: matching.length, entries: page.map((e) => readable(e, query.timeZone ?? 'UTC')) };
};

/** The client a timeline is about, their name opened from the engagement's entry (null when erased). */
export const timelineClient = async (
  doc: Pick<Timeline, 'entries' | 'clientId'>,
  opener: PiiOpener,
): Promise<{ clientId: string; clientName: string | null; clientData: ClientDataStatus }> => {
  const engaged = doc.entries.find((e) => e.type === 'ClientEngaged');
  const [opened] = engaged === undefined ? [] : await openTimelineEntries([engaged], opener);
  const client = opened?.type === 'ClientEngaged' ? opened.facts.client : null;
  return {
    clientId: doc.clientId,
    clientName: client === null ? null : `${client.givenName} ${client.familyName}`,
    clientData: opened?.clientData ?? 'present',
  };
};
