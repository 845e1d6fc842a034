import { DomainError, startOfDay } from '@casetrail/domain';

/**
 * One rule for every query over a period (timelines, outcome reports): it must start before it
 * ends, or it is 422 INVALID_PERIOD with the same body wherever it is asked. An empty period
 * (`from` equal to `to`) is refused too: half-open, it could hold nothing.
 */
export const requirePeriod = (from: string | undefined, to: string | undefined): void => {
  if (from === undefined || to === undefined) return;
  if (startOfDay(from) >= startOfDay(to)) {
    throw new DomainError('INVALID_PERIOD', '`from` must be before `to`', { from, to });
  }
};
