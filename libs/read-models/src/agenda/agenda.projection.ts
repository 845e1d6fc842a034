import { toUtc, type CaseEvent, type DueItemKind, type Recorded } from '@casetrail/domain';
import { caseHeaderOf, evolveCaseHeader, type CaseHeader } from '../case-header';
import { perCaseProjection } from '../projection';

export const AGENDAS = 'agendas';

/**
 * One appointment still scheduled or one task still open: facts only. The appointment's location
 * and note and the task's title are sealed client text and stay on the timeline, which access-logs
 * their opening; the agenda never copies them.
 */
export interface AgendaItem {
  readonly kind: DueItemKind;
  readonly itemId: string;
  /** The appointment's start or the task's due time (UTC instant). */
  readonly dueAt: string;
  /** The appointment's end; null for a task. */
  readonly endsAt: string | null;
  /** The appointment's channel; null for a task. */
  readonly channel: string | null;
  readonly ownerId: string;
  /** When its "due soon" reminder was recorded; null before. */
  readonly remindedAt: string | null;
}

/**
 * A case's open appointments and tasks, one document per case (the case id is the id, so the
 * version guard makes redelivery harmless). Read by owner through `ownerIds` (indexed), and by the
 * reminder service through `awaitingReminder` (indexed): both equalities FerretDB pushes down.
 */
export interface AgendaDoc extends CaseHeader {
  readonly version: number;
  readonly items: readonly AgendaItem[];
  /** Everyone who owns an item on the list. */
  readonly ownerIds: readonly string[];
  /** true while the case is open and one of its items has had no reminder yet. */
  readonly awaitingReminder: boolean;
}

const withDerived = (header: CaseHeader, items: readonly AgendaItem[]): Omit<AgendaDoc, 'version'> => ({
  ...header,
  items,
  ownerIds: [...new Set(items.map((i) => i.ownerId))].sort(),
  awaitingReminder: header.status === 'open' && items.some((i) => i.remindedAt === null),
});

const without = (items: readonly AgendaItem[], kind: DueItemKind, itemId: string) =>
  items.filter((i) => !(i.kind === kind && i.itemId === itemId));

/** Only these five change the items; every other event type leaves them as they are. */
const itemsAfter = (items: readonly AgendaItem[], event: Recorded<CaseEvent>): readonly AgendaItem[] => {
  if (event.type === 'AppointmentScheduled') {
    const { appointmentId, startsAt, endsAt, channel, ownerId } = event.data;
    return [
      ...without(items, 'appointment', appointmentId),
      {
        kind: 'appointment',
        itemId: appointmentId,
        dueAt: toUtc(startsAt),
        endsAt: toUtc(endsAt),
        channel,
        ownerId,
        remindedAt: null,
      },
    ];
  }
  if (event.type === 'AppointmentOutcomeRecorded')
    return without(items, 'appointment', event.data.appointmentId);
  if (event.type === 'TaskCreated') {
    const { taskId, dueAt, ownerId } = event.data;
    return [
      ...without(items, 'task', taskId),
      {
        kind: 'task',
        itemId: taskId,
        dueAt: toUtc(dueAt),
        endsAt: null,
        channel: null,
        ownerId,
        remindedAt: null,
      },
    ];
  }
  if (event.type === 'TaskClosed') return without(items, 'task', event.data.taskId);
  if (event.type === 'ItemDueSoon') {
    const { itemKind, itemId } = event.data;
    return items.map((i) =>
      i.kind === itemKind && i.itemId === itemId ? { ...i, remindedAt: toUtc(event.occurredAt) } : i,
    );
  }
  return items;
};

export const evolveAgenda = (
  doc: Omit<AgendaDoc, 'version'> | null,
  event: Recorded<CaseEvent>,
): Omit<AgendaDoc, 'version'> | null => {
  if (event.type === 'ClientEngaged') return withDerived(caseHeaderOf(event), []);
  if (doc === null) return null;
  const { items, ownerIds: _owners, awaitingReminder: _awaiting, ...header } = doc;
  return withDerived(evolveCaseHeader(header, event), itemsAfter(items, event));
};

/** Refolded on a void or a date correction: a voided appointment or task leaves the agenda. */
export const agendaProjection = perCaseProjection<AgendaDoc>(AGENDAS, evolveAgenda, { refold: true });
