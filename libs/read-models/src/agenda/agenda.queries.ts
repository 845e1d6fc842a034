import { instant } from '@casetrail/domain';
import type { AgendaDoc, AgendaItem } from './agenda.projection';

/** One line of a worker's agenda: the item's facts and which case it belongs to. */
export interface AgendaRow extends AgendaItem {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly programId: string;
  readonly teamId: string | null;
  readonly caseManagerId: string | null;
  /** A task whose due time is before the read's instant (an appointment is never "overdue"). */
  readonly overdue: boolean;
}

export interface AgendaWindow {
  /** Inclusive, UTC instant. */
  readonly from: string;
  /** Exclusive, UTC instant. */
  readonly to: string;
  /** The read's instant: what "overdue" is measured against. */
  readonly now: string;
}

/**
 * The items an owner has due in a window, earliest first, from open cases only (a closed case's
 * appointments and tasks wait for its reopening). Docs are those found by `ownerIds`.
 */
export const agendaOf = (docs: readonly AgendaDoc[], ownerId: string, window: AgendaWindow): AgendaRow[] => {
  const [from, to, now] = [instant(window.from), instant(window.to), instant(window.now)];
  return docs
    .filter((doc) => doc.status === 'open')
    .flatMap((doc) =>
      doc.items
        .filter((item) => item.ownerId === ownerId)
        .filter((item) => instant(item.dueAt) >= from && instant(item.dueAt) < to)
        .map((item) => ({
          ...item,
          caseId: doc.caseId,
          caseNumber: doc.caseNumber,
          programId: doc.programId,
          teamId: doc.teamId,
          caseManagerId: doc.caseManagerId,
          overdue: item.kind === 'task' && instant(item.dueAt) < now,
        })),
    )
    .sort(
      (a, b) =>
        instant(a.dueAt) - instant(b.dueAt) ||
        a.caseId.localeCompare(b.caseId) ||
        a.itemId.localeCompare(b.itemId),
    );
};

/** What the reminder service may remind now: items of open cases due within the lead, not yet reminded. */
export const dueForReminder = (
  docs: readonly AgendaDoc[],
  now: string,
  leadMinutes: number,
): { readonly caseId: string; readonly item: AgendaItem }[] => {
  const horizon = instant(now) + leadMinutes * 60_000;
  return docs
    .filter((doc) => doc.status === 'open')
    .flatMap((doc) =>
      doc.items
        .filter((item) => item.remindedAt === null && instant(item.dueAt) <= horizon)
        .map((item) => ({ caseId: doc.caseId, item })),
    );
};
