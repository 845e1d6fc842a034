import { instant, SEVERITIES, type ClientEngaged } from '@casetrail/domain';
import type { PiiOpener } from '@casetrail/protection';
import type { ClientDataStatus } from '../timelines/timeline-entry';
import type { CaseloadEntry } from './caseload.projection';

export const CASELOAD_SORTS = [
  'engagedAt',
  'nextReviewDate',
  'lastContactAt',
  'highestSeverity',
  'clientName',
  'caseNumber',
] as const;
export type CaseloadSort = (typeof CASELOAD_SORTS)[number];

export interface CaseloadFilter {
  readonly status?: 'open' | 'closed' | 'all';
  readonly programId?: string;
  readonly teamId?: string;
  readonly stage?: string;
  readonly overdue?: boolean;
  /** true: only cases with a plan or a closing waiting for approval (the supervisor's view). */
  readonly pendingApproval?: boolean;
  readonly sort?: CaseloadSort;
  readonly order?: 'asc' | 'desc';
  readonly offset?: number;
  readonly limit?: number;
}

export type CaseloadRow = Omit<
  CaseloadEntry,
  '_id' | 'referrals' | 'caseState' | 'caseManagerIds' | 'clientPii' | 'openTaskDueAts'
> & {
  readonly reviewOverdue: boolean;
  /** Open tasks due before the read's instant (now, or asOf). */
  readonly overdueTasks: number;
  /** The earliest due time of those; null when none is overdue. */
  readonly earliestOverdueTaskDueAt: string | null;
  /** Opened from the engagement's sealed pii; null once the client's data was erased. */
  readonly clientName: string | null;
  readonly clientData: ClientDataStatus;
};

interface OpenedClient {
  readonly clientName: string | null;
  readonly clientData: ClientDataStatus;
}

/**
 * The client's name off an entry's copy of the engagement's pii. An entry an older release wrote
 * (refolded at its case's next event, or by `casetrail rebuild caseloads`) still holds the name.
 */
export const openClientName = async (
  entry: Pick<CaseloadEntry, 'clientPii'>,
  opener: PiiOpener,
): Promise<OpenedClient> => {
  if ((entry.clientPii as CaseloadEntry['clientPii'] | undefined) === undefined) {
    const legacy = (entry as { readonly clientName?: unknown }).clientName;
    return { clientName: typeof legacy === 'string' ? legacy : null, clientData: 'present' };
  }
  const opened = await opener.open<Partial<ClientEngaged['pii']>>(
    entry.clientPii.eventId,
    entry.clientPii.pii,
  );
  if (opened.status === 'erased') return { clientName: null, clientData: 'erased' };
  const client = opened.pii.client;
  return { clientName: client ? `${client.givenName} ${client.familyName}` : null, clientData: 'present' };
};

/** A review is overdue once its date has passed: the day itself still counts as on time. */
export const isReviewOverdue = (
  entry: Pick<CaseloadEntry, 'status' | 'nextReviewDate'>,
  today: string,
): boolean => entry.status === 'open' && entry.nextReviewDate !== null && entry.nextReviewDate < today;

/** Open tasks past due at `now`: counted at each read, so a stored answer never goes stale. */
export const overdueTasksOf = (
  entry: Pick<CaseloadEntry, 'status' | 'openTaskDueAts'>,
  now: string,
): { readonly overdueTasks: number; readonly earliestOverdueTaskDueAt: string | null } => {
  const due =
    entry.status === 'open' ? (entry.openTaskDueAts ?? []).filter((at) => instant(at) < instant(now)) : [];
  return { overdueTasks: due.length, earliestOverdueTaskDueAt: due[0] ?? null };
};

const sortKey = (
  entry: CaseloadEntry,
  sort: NonNullable<CaseloadFilter['sort']>,
  names: ReadonlyMap<string, OpenedClient>,
): string | number | null => {
  if (sort === 'clientName') return names.get(entry.caseId)?.clientName ?? null;
  if (sort === 'highestSeverity')
    return entry.highestSeverity === null ? null : SEVERITIES.indexOf(entry.highestSeverity);
  if (sort === 'engagedAt' || sort === 'lastContactAt') {
    const value = entry[sort];
    return value === null ? null : instant(value);
  }
  return entry[sort];
};

/** The entries a caseload filter keeps (open ones by default), before sorting and paging. */
export const matchCaseload = (
  entries: readonly CaseloadEntry[],
  filter: CaseloadFilter,
  today: string,
): CaseloadEntry[] => {
  const status = filter.status ?? 'open';
  return entries.filter(
    (e) =>
      (status === 'all' || e.status === status) &&
      (filter.programId === undefined || e.programId === filter.programId) &&
      (filter.teamId === undefined || e.teamId === filter.teamId) &&
      (filter.stage === undefined || e.stage === filter.stage) &&
      (filter.overdue === undefined || isReviewOverdue(e, today) === filter.overdue) &&
      (filter.pendingApproval === undefined ||
        (e.pendingApprovals ?? []).length > 0 === filter.pendingApproval),
  );
};

const openAll = async (
  entries: readonly CaseloadEntry[],
  opener: PiiOpener,
): Promise<Map<string, OpenedClient>> =>
  new Map(await Promise.all(entries.map(async (e) => [e.caseId, await openClientName(e, opener)] as const)));

/**
 * Filters, sorts and pages caseload entries fetched by one equality (case manager, team,
 * program); done here rather than in the database because FerretDB sorts in memory anyway.
 * `today` is YYYY-MM-DD, from the request's clock. Names are opened for the page only, or for
 * every match when sorting by name (the sealed values cannot be compared).
 */
export const queryCaseload = async (
  entries: readonly CaseloadEntry[],
  filter: CaseloadFilter,
  today: string,
  opener: PiiOpener,
  /** The read's instant, for overdue tasks; default: the start of `today` (UTC). */
  now: string = `${today}T00:00:00.000Z`,
) => {
  const matching = matchCaseload(entries, filter, today);
  const sort = filter.sort ?? 'engagedAt';
  const direction = filter.order === 'desc' ? -1 : 1;
  const names = sort === 'clientName' ? await openAll(matching, opener) : new Map<string, OpenedClient>();
  const sorted = [...matching].sort((a, b) => {
    const [x, y] = [sortKey(a, sort, names), sortKey(b, sort, names)];
    // Missing values go last whichever the direction: "no review date" is never the most urgent.
    if (x === null || y === null) return x === y ? a.caseId.localeCompare(b.caseId) : x === null ? 1 : -1;
    const compared = x < y ? -1 : x > y ? 1 : 0;
    return compared * direction || a.caseId.localeCompare(b.caseId);
  });
  const offset = filter.offset ?? 0;
  const limit = filter.limit ?? 50;
  const page = sorted.slice(offset, offset + limit);
  const opened = sort === 'clientName' ? names : await openAll(page, opener);
  const rows: CaseloadRow[] = page.map(
    ({
      _id,
      referrals: _referrals,
      caseState: _state,
      caseManagerIds: _holders,
      clientPii: _pii,
      openTaskDueAts,
      ...entry
    }) => ({
      ...entry,
      ...(opened.get(entry.caseId) ?? { clientName: null, clientData: 'erased' }),
      reviewOverdue: isReviewOverdue(entry, today),
      ...overdueTasksOf({ status: entry.status, ...(openTaskDueAts ? { openTaskDueAts } : {}) }, now),
    }),
  );
  return { total: matching.length, offset, limit, cases: rows };
};

/**
 * A supervisor's summary: open cases and overdue reviews per case manager, and the unassigned.
 * With a filter it counts what the list under that filter holds (the same program, team, stage,
 * status and overdue rules), so the summary and the list's `total` never describe different cases.
 */
export const caseloadSummary = (
  entries: readonly CaseloadEntry[],
  today: string,
  filter?: CaseloadFilter,
) => {
  const open = (filter === undefined ? entries : matchCaseload(entries, filter, today)).filter(
    (e) => e.status === 'open',
  );
  const perManager = new Map<string, { openCases: number; overdueReviews: number }>();
  for (const entry of open) {
    if (entry.caseManagerId === null) continue;
    const row = perManager.get(entry.caseManagerId) ?? { openCases: 0, overdueReviews: 0 };
    perManager.set(entry.caseManagerId, {
      openCases: row.openCases + 1,
      overdueReviews: row.overdueReviews + (isReviewOverdue(entry, today) ? 1 : 0),
    });
  }
  return {
    openCases: open.length,
    unassigned: open.filter((e) => e.caseManagerId === null).length,
    overdueReviews: open.filter((e) => isReviewOverdue(e, today)).length,
    byCaseManager: [...perManager.entries()]
      .map(([caseManagerId, counts]) => ({ caseManagerId, ...counts }))
      .sort((a, b) => b.openCases - a.openCases || a.caseManagerId.localeCompare(b.caseManagerId)),
  };
};
