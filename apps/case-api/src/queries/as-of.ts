import { agencyDayOf, isCalendarDate, startOfDayIn, toUtc } from '@casetrail/domain';
import type { AsOfBasis } from '@casetrail/read-models';

/** A query's `asOf` made an instant: a bare date is the start of that day at the agency. */
export interface PointInTime {
  readonly asOf: string;
  readonly basis: AsOfBasis;
  /** The agency's calendar day at that instant: what "overdue" is judged against then. */
  readonly today: string;
}

export const pointInTime = (
  query: { readonly asOf?: string; readonly basis?: AsOfBasis },
  zone: string,
): PointInTime | null => {
  if (query.asOf === undefined) return null;
  const asOf = isCalendarDate(query.asOf) ? startOfDayIn(query.asOf, zone) : toUtc(query.asOf);
  // Recorded by default: what the agency knew then, which later entries cannot change.
  return { asOf, basis: query.basis ?? 'recorded', today: agencyDayOf(asOf, zone) };
};
