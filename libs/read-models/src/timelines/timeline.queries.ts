import { CALENDAR_DATE, instant, startOfDay } from '@casetrail/domain';
import type { Timeline, TimelineCategory, TimelineEntry } from './timeline.projection';

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
}

export interface TimelinePage {
  readonly total: number;
  readonly entries: readonly TimelineEntry[];
}

export const DEFAULT_TIMELINE_LIMIT = 50;

/** Calendar days are taken at the start of their UTC day; anything unparseable is a caller's mistake. */
const instantOf = (value: string, field: string): number => {
  const time = CALENDAR_DATE.test(value) ? startOfDay(value) : instant(value);
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

/** Filters, orders and pages one case's timeline; pure, so the API only fetches the document. */
export const timelinePage = (doc: Pick<Timeline, 'entries'>, query: TimelineQuery = {}): TimelinePage => {
  const types = query.types && query.types.length > 0 ? new Set(query.types) : null;
  const categories =
    query.categories && query.categories.length > 0 ? new Set<string>(query.categories) : null;
  const from = query.from === undefined ? null : instantOf(query.from, 'from');
  const to = query.to === undefined ? null : instantOf(query.to, 'to');
  const asOf = query.asOf === undefined ? null : instantOf(query.asOf, 'asOf');

  const known = asOf === null ? doc.entries : doc.entries.filter((e) => instant(e.recordedAt) <= asOf);
  const visible = new Set(known.map((e) => e.version));
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
  return {
    total: matching.length,
    entries: sorted.slice(offset, offset + limit).map((e) => knownLinks(e, visible)),
  };
};
