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
