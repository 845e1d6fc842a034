const DAY_MS = 86_400_000;

/** ISO-8601 instants compare correctly as numbers, never as strings of mixed precision. */
export const instant = (iso: string): number => new Date(iso).getTime();

export const isAfter = (a: string, b: string): boolean => instant(a) > instant(b);

/**
 * History arrives late and out of order: "latest" and "earliest" mean in the world, by
 * instant, not by arrival. `null` is "none yet"; on a tie the current value stays.
 */
export const latest = (current: string | null, candidate: string): string =>
  current === null || instant(candidate) > instant(current) ? candidate : current;

export const earliest = (current: string | null, candidate: string): string =>
  current !== null && instant(current) <= instant(candidate) ? current : candidate;

/** Calendar dates (YYYY-MM-DD) are compared at the start of their UTC day. */
export const startOfDay = (date: string): number =>
  instant(date.length === 10 ? `${date}T00:00:00.000Z` : date);

// A zone is required: an instant without one means a different moment on every server.
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
export const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const isInstant = (value: string): boolean =>
  typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(instant(value));

/** Rejects dates that `Date` would silently roll over, such as 2025-02-30. */
export const isCalendarDate = (value: string): boolean => {
  if (typeof value !== 'string' || !CALENDAR_DATE.test(value)) return false;
  const time = startOfDay(value);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
};

const utcDayOf = (iso: string): number => Math.floor(instant(iso) / DAY_MS) * DAY_MS;

/** Whether a calendar date falls on a later UTC day than the day of an instant. */
export const isDateAfterDayOf = (date: string, iso: string): boolean => startOfDay(date) > utcDayOf(iso);

// ---- The agency's time zone ----

/** Whether `Intl` knows the zone (an IANA name such as `America/Chicago`, or `UTC`). */
export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's wall clock at an instant, as UTC-based milliseconds (so the offset is their difference). */
const wallClockOf = (time: number, zone: string): number => {
  let format = zoneFormats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    zoneFormats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(time)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  // Years 0-99 are taken by Date.UTC as 1900-1999; the format gives the real year.
  const date = new Date(wall);
  date.setUTCFullYear(Number(parts.year));
  return date.getTime() + (((time % 1000) + 1000) % 1000);
};

/**
 * The instant (UTC ISO-8601) at which a calendar date begins in a zone: where a moment is asked for, a
 * date means the start of that day at the agency. A day that begins in a gap (a DST change at midnight)
 * begins at the first moment that exists.
 */
export const startOfDayIn = (date: string, zone: string): string => {
  const midnightUtc = startOfDay(date);
  // Two passes settle the offset, also across a change between the guess and the answer.
  let guess = midnightUtc;
  for (let pass = 0; pass < 2; pass += 1) guess = midnightUtc - (wallClockOf(guess, zone) - guess);
  if (wallClockOf(guess, zone) < midnightUtc) guess += 3_600_000;
  return new Date(guess).toISOString();
};

/** The calendar date (YYYY-MM-DD) an instant falls on in a zone: "the day it happened" at the agency. */
export const agencyDayOf = (iso: string, zone: string): string =>
  new Date(wallClockOf(instant(iso), zone)).toISOString().slice(0, 10);

/** An instant with any offset as the UTC instant it names (the form events store and compare). */
export const toUtc = (iso: string): string => new Date(instant(iso)).toISOString();

/** Whether a calendar date falls on a later day than the agency's day of an instant. */
export const isDateAfterAgencyDayOf = (date: string, iso: string, zone: string): boolean =>
  date > agencyDayOf(iso, zone);

/**
 * Recorded late: written up on a later agency day than the one it happened on. Derived, never
 * stored, so a reader counts it in the agency's zone (and a change of zone needs no migration).
 */
export const isRecordedLate = (occurredAt: string, recordedAt: string, zone: string): boolean =>
  agencyDayOf(occurredAt, zone) < agencyDayOf(recordedAt, zone);
