import { DomainError, instant, isCalendarDate, startOfDayIn, toUtc } from '@casetrail/domain';

/** A query's date or instant as the moment it names: a bare date is the start of that day at the agency. */
export const momentOf = (value: string, zone: string): string => {
  if (isCalendarDate(value)) return startOfDayIn(value, zone);
  // Not a moment at all: left as it is, for the query's own check to refuse with its 4xx.
  return Number.isNaN(instant(value)) ? value : toUtc(value);
};

/**
 * One rule for every query over a period (timelines, outcome reports): it must start before it
 * ends, or it is 422 INVALID_PERIOD with the same body wherever it is asked. An empty period
 * (`from` equal to `to`) is refused too: half-open, it could hold nothing.
 */
export const requirePeriod = (from: string | undefined, to: string | undefined, zone: string): void => {
  if (from === undefined || to === undefined) return;
  if (instant(momentOf(from, zone)) >= instant(momentOf(to, zone))) {
    throw new DomainError('INVALID_PERIOD', '`from` must be before `to`', { from, to });
  }
};
